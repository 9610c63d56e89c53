//! Reading `service-2.json` (plain or gzipped, as newer botocore wheels ship it) and its
//! sibling `paginators-1.json` and `waiters-2.json`.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::{validate, ServiceModel};
use crate::error::{Error, Result};

/// A validated model and the files that came with it.
#[derive(Debug, Clone)]
pub struct LoadedModel {
    /// The path of `service-2.json` as given, for messages.
    pub file: String,
    /// The service definition.
    pub service: ServiceModel,
    /// `paginators-1.json`, when present beside the model.
    pub paginators: Option<super::PaginatorsFile>,
    /// `waiters-2.json`, when present beside the model.
    pub waiters: Option<super::WaitersFile>,
}

/// Loads and validates the model at `path`. Falls back to `path` + `.gz` when only the
/// compressed file exists.
pub fn load_service(path: &Path) -> Result<LoadedModel> {
    let path = existing(path).unwrap_or_else(|| path.to_path_buf());
    let file = path.display().to_string();
    let text = read_maybe_gz(&path)?;
    let mut model = load_service_from_str(&file, &text)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    model.paginators = sibling(dir, "paginators-1.json")?;
    model.waiters = sibling(dir, "waiters-2.json")?;
    Ok(model)
}

/// Loads and validates a model from text; `file` names it in errors.
pub fn load_service_from_str(file: &str, text: &str) -> Result<LoadedModel> {
    let mut service: ServiceModel = parse_json(file, text)?;
    payloads_onto_shapes(&mut service);
    names_from_keys(&mut service);
    validate(file, &service)?;
    Ok(LoadedModel { file: file.to_string(), service, paginators: None, waiters: None })
}

/// Moves a `payload` that an older model names on an operation's input reference onto
/// the input shape, where newer models put it and the rest of the generator looks.
fn payloads_onto_shapes(service: &mut ServiceModel) {
    let moves: Vec<(String, String)> = service
        .operations
        .values()
        .filter_map(|op| op.input.as_ref())
        .filter_map(|input| Some((input.shape.clone(), input.payload.clone()?)))
        .collect();
    for (shape, payload) in moves {
        if let Some(shape) = service.shapes.get_mut(&shape) {
            shape.payload.get_or_insert(payload);
        }
    }
}

/// An operation without `name` goes by its key, as botocore's `OperationModel` does.
fn names_from_keys(service: &mut ServiceModel) {
    for (key, op) in &mut service.operations {
        if op.name.is_empty() {
            op.name.clone_from(key);
        }
    }
}

fn existing(path: &Path) -> Option<PathBuf> {
    if path.exists() {
        return Some(path.to_path_buf());
    }
    let mut gz = path.as_os_str().to_owned();
    gz.push(".gz");
    let gz = PathBuf::from(gz);
    gz.exists().then_some(gz)
}

fn sibling<T: DeserializeOwned>(dir: &Path, name: &str) -> Result<Option<T>> {
    match existing(&dir.join(name)) {
        Some(path) => {
            let text = read_maybe_gz(&path)?;
            parse_json(&path.display().to_string(), &text).map(Some)
        }
        None => Ok(None),
    }
}

/// Reads a file, gunzipping it when its name ends in `.gz`.
pub fn read_maybe_gz(path: &Path) -> Result<String> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let bytes = std::fs::read(path).map_err(io)?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text).map_err(io)?;
        Ok(text)
    } else {
        String::from_utf8(bytes).map_err(|e| io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
    }
}

/// Parses JSON into `T`, naming the JSON path of any mismatch.
pub(crate) fn parse_json<T: DeserializeOwned>(file: &str, text: &str) -> Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let (line, column) = (inner.line(), inner.column());
        let message = strip_position(&inner.to_string(), line, column);
        if inner.is_syntax() || inner.is_eof() {
            Error::Syntax { file: file.to_string(), line, column, message }
        } else {
            Error::Schema { file: file.to_string(), path, message }
        }
    })?;
    de.end().map_err(|e| Error::Syntax {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string(), e.line(), e.column()),
    })?;
    Ok(value)
}

fn strip_position(message: &str, line: usize, column: usize) -> String {
    let suffix = format!(" at line {line} column {column}");
    message.strip_suffix(&suffix).unwrap_or(message).to_string()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::load_service_from_str;
    use crate::model::Metadata;

    /// What botocore loads, this loads: a model whose metadata names only its protocol and
    /// whose operation has neither `name` nor `http`, as the legacy protocol-test suites'.
    #[test]
    fn models_with_only_what_botocore_needs_load() {
        let model = json!({
            "metadata": {"protocol": "rest-json"},
            "operations": {"GetThing": {"input": {"shape": "In"}}},
            "shapes": {"In": {"type": "structure", "members": {}}}
        });
        let loaded = load_service_from_str("service-2.json", &model.to_string()).unwrap().service;
        let op = &loaded.operations["GetThing"];
        assert_eq!((op.name.as_str(), op.http.method.as_str(), op.http.request_uri.as_str()), ("GetThing", "POST", "/"));
        assert_eq!(loaded.metadata.service_id(), "");
        let partial = json!({"metadata": {"protocol": "json"}, "operations": {"A": {"http": {"requestUri": "/a"}}}});
        let loaded = load_service_from_str("service-2.json", &partial.to_string()).unwrap().service;
        assert_eq!((loaded.operations["A"].http.method.as_str(), loaded.operations["A"].http.request_uri.as_str()), ("POST", "/a"));
    }

    /// AppStream's models before botocore 1.10 have no `serviceId`.
    #[test]
    fn service_ids_fall_back_as_botocore_does() {
        let metadata = |fields: serde_json::Value| -> Metadata { serde_json::from_value(fields).unwrap() };
        for (fields, id, full) in [
            (
                json!({"serviceId": "AppStream", "serviceAbbreviation": "A", "serviceFullName": "Amazon AppStream"}),
                "AppStream",
                "Amazon AppStream",
            ),
            (
                json!({"serviceAbbreviation": "Amazon SQS", "serviceFullName": "Amazon Simple Queue Service"}),
                "Amazon SQS",
                "Amazon Simple Queue Service",
            ),
            (json!({"serviceFullName": "Amazon AppStream", "endpointPrefix": "appstream2"}), "Amazon AppStream", "Amazon AppStream"),
            (json!({"endpointPrefix": "appstream2"}), "appstream2", "appstream2"),
        ] {
            let m = metadata(fields.clone());
            assert_eq!((m.service_id(), m.full_name()), (id, full), "{fields}");
        }
    }
}
