//! Stage three: the IR rendered as the files of a crate. Reads only the IR.

mod format;
mod operations;
mod properties;
mod shapes;
mod types;

pub use operations::{protocol_emitter, ProtocolEmitter};

use std::collections::BTreeMap;

use quote::quote;

use crate::error::Result;
use crate::ident::to_ident;
use crate::ir::{CrateIr, CrateTests, Module, ShapeIr};

pub use format::{header, rust_file as format_rust_file};

/// One file of a generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Relative to the crate's directory, `/`-separated.
    pub path: String,
    pub contents: String,
}

/// Renders every file of the crate, sorted by path.
pub fn emit_crate(ir: &CrateIr) -> Result<Vec<GeneratedFile>> {
    let mut files = vec![GeneratedFile { path: "Cargo.toml".into(), contents: cargo_toml(ir) }];
    let mut by_module: BTreeMap<Module, Vec<&ShapeIr>> = BTreeMap::new();
    for shape in &ir.shapes {
        by_module.entry(shape.module).or_default().push(shape);
        let path = format!("src/{}/{}.rs", shape.module.name(), shape.file_stem.trim_start_matches("r#"));
        let contents = format::rust_file(&path, &ir.model_label, shapes::shape_items(shape))?;
        files.push(GeneratedFile { path, contents });
    }
    for (module, shapes) in &by_module {
        let path = format!("src/{}/mod.rs", module.name());
        let contents = format::rust_file(&path, &ir.model_label, module_file(*module, shapes))?;
        files.push(GeneratedFile { path, contents });
    }
    for op in &ir.operations {
        let path = format!("src/operation/{}.rs", op.file_stem.trim_start_matches("r#"));
        let contents = format::rust_file(&path, &ir.model_label, operations::operation_items(ir, op))?;
        files.push(GeneratedFile { path, contents });
    }
    let own_tests = ir.tests == CrateTests::Generated;
    if own_tests && !ir.operations.is_empty() {
        let path = "tests/smoke.rs".to_string();
        let contents = format::rust_file(&path, &ir.model_label, operations::smoke_tests(ir))?;
        files.push(GeneratedFile { path, contents });
    }
    if !ir.operations.is_empty() {
        let path = "src/client.rs".to_string();
        let contents = format::rust_file(&path, &ir.model_label, operations::client_items(ir))?;
        files.push(GeneratedFile { path, contents });
        let path = "src/operation/mod.rs".to_string();
        let contents = format::rust_file(&path, &ir.model_label, operation_module(ir))?;
        files.push(GeneratedFile { path, contents });
    }
    if own_tests && !ir.shapes.is_empty() {
        let path = "tests/roundtrip.rs".to_string();
        let contents = format::rust_file(&path, &ir.model_label, properties::property_tests(ir))?;
        files.push(GeneratedFile { path, contents });
    }
    let lib = lib_file(ir, by_module.keys().copied().collect());
    files.push(GeneratedFile { path: "src/lib.rs".into(), contents: format::rust_file("src/lib.rs", &ir.model_label, lib)? });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn module_doc(module: Module) -> &'static str {
    match module {
        Module::Input => "Operation inputs: what a request carries.",
        Module::Output => "Operation outputs: what a successful response carries.",
        Module::Error => "Errors the service returns, with the members it sends about them.",
        Module::Types => "Shapes used inside inputs, outputs and errors: structures, enums and unions.",
    }
}

fn module_file(module: Module, shapes: &[&ShapeIr]) -> proc_macro2::TokenStream {
    let doc = format!(" {}", module_doc(module));
    let items = shapes.iter().map(|s| {
        let stem = to_ident(&s.file_stem);
        let name = to_ident(&s.rust_name);
        quote! {
            mod #stem;
            pub use self::#stem::#name;
        }
    });
    quote! {
        #![doc = #doc]
        #(#items)*
    }
}

fn operation_module(ir: &CrateIr) -> proc_macro2::TokenStream {
    let items = ir.operations.iter().map(|op| {
        let stem = to_ident(&op.file_stem);
        let (name, error) = (to_ident(&op.rust_name), to_ident(&op.error_name));
        let item = op.paginator.as_ref().and_then(|p| p.item_enum.as_ref()).map(|i| {
            let i = to_ident(i);
            quote!(, #i)
        });
        quote! {
            mod #stem;
            pub use self::#stem::{#name, #error #item};
        }
    });
    quote! {
        //! One unit struct per operation, implementing `botogen_runtime::Operation`, and the
        //! operation's error enum.
        #(#items)*
    }
}

fn lib_file(ir: &CrateIr, modules: Vec<Module>) -> proc_macro2::TokenStream {
    let mut lines = vec![format!("# {}", ir.service.full_name), String::new()];
    lines.extend(ir.service.docs.iter().cloned());
    if !ir.service.docs.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!(
        "A client for the {} operations of API version {}, generated from botocore's model.",
        ir.service.operations.len(),
        ir.service.api_version
    ));
    lines.push("`Client` sends them; `operation` drives them without I/O; `input`, `output`, `error`".into());
    lines.push("and `types` hold the shapes.".into());
    let docs = format::inner_doc_attrs(&lines);
    let inception = ir.shapes.iter().any(|s| s.file_stem.trim_start_matches("r#") == s.module.name());
    let inception = inception.then(|| quote!(#![allow(clippy::module_inception)]));
    let mods = modules.iter().map(|m| {
        let ident = to_ident(m.name());
        quote!(pub mod #ident;)
    });
    let operation_mod = (!ir.operations.is_empty()).then(|| {
        quote! {
            pub mod operation;
            #[cfg(feature = "client")]
            pub mod client;
            #[cfg(feature = "client")]
            pub use client::Client;
            #[cfg(feature = "client")]
            pub use ::botogen_runtime::client::{Config, ConfigError};
        }
    });
    let service = operations::service_const(ir);
    quote! {
        #docs
        // Deprecated shapes stay usable inside the crate; users still see the warnings.
        #![allow(deprecated)]
        #inception

        #(#mods)*
        #operation_mod

        #service

        /// Date-times, blobs and documents as members hold them, re-exported so that users
        /// need no direct dependency on the runtime.
        pub mod primitives {
            pub use ::botogen_runtime::{Blob, DateTime, Document};
        }

        pub use ::botogen_runtime::{ErrorMetadata, Operation, OperationError, RequestId, SdkError, ServiceError};
    }
}

fn cargo_toml(ir: &CrateIr) -> String {
    let description = format!(
        "{} client, generated by botogen from botocore's model (API version {}).",
        ir.service.full_name, ir.service.api_version
    );
    let workspace = if ir.standalone { "\n# Not a member of the botogen workspace.\n[workspace]\n" } else { "" };
    let dev_dependencies = match &ir.tests {
        CrateTests::Generated => format!(
            "# The property tests in tests/roundtrip.rs.\nbotogen-runtime = {{ path = {runtime:?}, default-features = false, features = [\"proptest\"] }}\nproptest = {{ version = \"1\", default-features = false, features = [\"std\"] }}\n",
            runtime = ir.runtime_path,
        ),
        CrateTests::Supplied { dev_dependencies } => dev_dependencies.iter().map(|(name, value)| format!("{name} = {value}\n")).collect(),
    };
    format!(
        "{header}[package]\nname = {name:?}\nversion = \"0.1.0\"\nedition = \"2021\"\ndescription = {description:?}\npublish = false\n\n[features]\ndefault = [\"client\"]\n# The async client; without it, types and the sans-I/O operations only.\nclient = [\"botogen-runtime/client\"]\n\n[dependencies]\nbotogen-runtime = {{ path = {runtime:?}, default-features = false }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\n[dev-dependencies]\n{dev_dependencies}{workspace}",
        header = format::header(&ir.model_label, "#"),
        name = ir.crate_name,
        runtime = ir.runtime_path,
    )
}
