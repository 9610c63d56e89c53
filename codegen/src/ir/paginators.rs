//! Paginators: `paginators-1.json` resolved against the IR's shapes, every member path a
//! chain of Rust fields.

use super::{ShapeIr, ShapeKind, TypeIr};
use crate::error::{Error, Result};
use crate::model::LoadedModel;

/// How an operation pages, with every member path resolved to Rust fields.
#[derive(Debug, Clone, PartialEq)]
pub struct PaginatorIr {
    /// The input member that carries the token.
    pub input_token: FieldStep,
    /// The output path to the next token.
    pub output_token: Vec<FieldStep>,
    /// The token's type, the same in input and output: a string, or a map (DynamoDB's
    /// `ExclusiveStartKey` and `LastEvaluatedKey`).
    pub token_type: TypeIr,
    /// The input member that sets the page size, with its type.
    pub limit_key: Option<(FieldStep, TypeIr)>,
    /// The output path to the items `items()` yields: the model's first result key. Any
    /// other keys (DynamoDB's `Count`) stay on the pages.
    pub result_key: Option<ResultKeyIr>,
    /// The model's other result keys, for the docs.
    pub other_result_keys: Vec<String>,
    /// The output path to a boolean that says whether more pages follow.
    pub more_results: Option<Vec<FieldStep>>,
}

/// One `result_key` of a paginator.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultKeyIr {
    pub path: Vec<FieldStep>,
    pub item: TypeIr,
    /// The key names a list, whose elements are the items; otherwise the value itself is
    /// the page's one item.
    pub is_list: bool,
}

/// One step of a member path: the field and how it is held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStep {
    pub field: String,
    pub required: bool,
    pub boxed: bool,
    /// The path goes on from the list's last element (`Shards[-1]`), as Kinesis's
    /// `DescribeStream` paginator does.
    pub last: bool,
}

/// Resolves the operation's entry in `paginators-1.json`. Forms the generator does not
/// page (several input tokens, tokens of other types) are an `Unsupported` error naming
/// the paginator, which lowering turns into a documented skip, never a silently missing
/// method.
pub(super) fn lower_paginator(model: &LoadedModel, op_name: &str, shapes: &[ShapeIr]) -> Result<Option<PaginatorIr>> {
    let Some(config) = model.paginators.as_ref().and_then(|p| p.pagination.get(op_name)) else {
        return Ok(None);
    };
    let file = model.file.replace("service-2.json", "paginators-1.json");
    let unsupported = |message: String| Error::Unsupported { file: file.clone(), path: format!("pagination.{op_name}"), message };
    let op = &model.service.operations[op_name];
    let (Some(input), Some(output)) = (&op.input, &op.output) else {
        return Err(unsupported("a paginated operation needs an input and an output".into()));
    };
    let input_token =
        config.input_token.as_ref().and_then(|k| k.one()).ok_or_else(|| unsupported("input_token must be one member name".into()))?;
    let output_token =
        config.output_token.as_ref().and_then(|k| k.one()).ok_or_else(|| unsupported("output_token must be one member path".into()))?;
    let path = |root: &str, path: &str| -> Result<(Vec<FieldStep>, TypeIr)> {
        member_path(root, path, shapes).map_err(|why| unsupported(format!("{path}: {why}")))
    };
    let (input_steps, input_ty) = path(&input.shape, input_token)?;
    let (output_steps, output_ty) = path(&output.shape, output_token)?;
    let token_kind = matches!(input_ty, TypeIr::String | TypeIr::Map(..));
    if input_steps.len() != 1 || input_steps[0].last || !token_kind || input_ty != output_ty {
        return Err(unsupported("tokens must be strings or maps, of one type in input and output (input: top-level)".into()));
    }
    let limit_key = match &config.limit_key {
        Some(key) => {
            let (steps, ty) = path(&input.shape, key)?;
            if steps.len() != 1 || steps[0].last || !matches!(ty, TypeIr::I32 | TypeIr::I64) {
                return Err(unsupported(format!("limit_key {key} must be a top-level integer member")));
            }
            Some((steps.into_iter().next().expect("one step"), ty))
        }
        None => None,
    };
    let keys = config.result_key.as_ref().map(|k| k.all()).unwrap_or_default();
    let result_key = match keys.first() {
        Some(key) => Some(match path(&output.shape, key)? {
            (steps, TypeIr::List(item)) => ResultKeyIr { path: steps, item: *item, is_list: true },
            (steps, other) => ResultKeyIr { path: steps, item: other, is_list: false },
        }),
        None => None,
    };
    let more_results = match &config.more_results {
        Some(key) => Some(path(&output.shape, key)?.0),
        None => None,
    };
    Ok(Some(PaginatorIr {
        input_token: input_steps.into_iter().next().expect("one step"),
        output_token: output_steps,
        token_type: input_ty,
        limit_key,
        result_key,
        other_result_keys: keys.iter().skip(1).map(|k| k.to_string()).collect(),
        more_results,
    }))
}

/// Follows a dotted member path (`Fleets`, `Result.NextToken`) through structures, and
/// through the last element of a list (`Shards[-1].ShardId`).
fn member_path(root: &str, path: &str, shapes: &[ShapeIr]) -> std::result::Result<(Vec<FieldStep>, TypeIr), String> {
    let mut steps = Vec::new();
    // The structure the next segment is looked up in, and how the error names it.
    let mut current = root.to_string();
    let mut described = root.to_string();
    let mut ty = TypeIr::Document;
    for segment in path.split('.') {
        let (name, last) = match segment.strip_suffix("[-1]") {
            Some(name) => (name, true),
            None => (segment, false),
        };
        let shape = shapes.iter().find(|s| s.wire_name == current).ok_or_else(|| format!("{described} is not a structure"))?;
        let ShapeKind::Struct(s) = &shape.kind else { return Err(format!("{described} is not a structure")) };
        let member = s.members.iter().find(|m| m.model_name == name).ok_or_else(|| format!("{described} has no member {name}"))?;
        steps.push(FieldStep { field: member.rust_name.clone(), required: member.required, boxed: member.boxed, last });
        ty = member.ty.clone();
        if last {
            let TypeIr::List(item) = ty else { return Err(format!("{described}.{name} is not a list, so it has no [-1]")) };
            ty = *item;
        }
        described = format!("{described}.{segment}");
        current = match &ty {
            TypeIr::Named { name: rust, .. } => {
                shapes.iter().find(|s| s.rust_name == *rust).map(|s| s.wire_name.clone()).unwrap_or_default()
            }
            _ => String::new(),
        };
    }
    Ok((steps, ty))
}
