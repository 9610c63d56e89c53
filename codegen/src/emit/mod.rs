//! Stage three: the IR rendered as the files of a crate. Reads only the IR.

mod client;
mod format;
mod manifest;
mod operation;
mod paginators;
mod properties;
mod readme;
mod schema;
mod service;
mod shapes;
mod smoke;
mod types;

pub use manifest::package_name;
pub use service::{protocol_emitter, ProtocolEmitter};
pub use types::type_path;

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

/// Renders every file of the crate, sorted by path, on as many threads as the machine has
/// cores: files are independent, and parsing and pretty-printing them is most of codegen's
/// time (see BENCHMARKS.md).
pub fn emit_crate(ir: &CrateIr) -> Result<Vec<GeneratedFile>> {
    emit_crate_on(ir, std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// [`emit_crate`] on at most `threads` threads, for callers that already run one crate per
/// core. The files are the same on any count. Tokens never cross threads (`proc_macro2`
/// streams are not `Send`): each worker builds and prints whole files.
pub fn emit_crate_on(ir: &CrateIr, threads: usize) -> Result<Vec<GeneratedFile>> {
    let protocol = protocol_emitter(&ir.model_label, &ir.protocol)?;
    let protocol = &*protocol;
    let mut by_module: BTreeMap<Module, Vec<&ShapeIr>> = BTreeMap::new();
    for shape in &ir.shapes {
        by_module.entry(shape.module).or_default().push(shape);
    }
    let jobs = jobs(ir, &by_module);
    let threads = threads.min(jobs.len()).max(1);
    let mut files = if threads == 1 {
        jobs.iter().map(|job| render(ir, protocol, &by_module, job)).collect::<Result<Vec<_>>>()?
    } else {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut rendered: Vec<(usize, Result<GeneratedFile>)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(job) = jobs.get(i) else { return done };
                            done.push((i, render(ir, protocol, &by_module, job)));
                        }
                    })
                })
                .collect();
            // A worker only panics on a bug in the generator; pass the panic on as it was.
            workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
        });
        // The first failing job in order, whatever thread finished first.
        rendered.sort_by_key(|(i, _)| *i);
        rendered.into_iter().map(|(_, file)| file).collect::<Result<Vec<_>>>()?
    };
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// One file to render.
enum Job {
    Manifest,
    Shape(usize),
    Module(Module),
    Operation(usize),
    Smoke,
    Client,
    OperationModule,
    Properties,
    Lib,
    Readme,
}

/// Every file of the crate, in a fixed order: the largest first, so that no worker is left
/// with a long file while the others sit idle.
fn jobs(ir: &CrateIr, by_module: &BTreeMap<Module, Vec<&ShapeIr>>) -> Vec<Job> {
    let own_tests = ir.tests == CrateTests::Generated;
    let has_operations = !ir.operations.is_empty();
    let mut jobs = Vec::new();
    if own_tests && !ir.shapes.is_empty() {
        jobs.push(Job::Properties);
    }
    if own_tests && has_operations {
        jobs.push(Job::Smoke);
    }
    if has_operations {
        jobs.extend([Job::Client, Job::OperationModule]);
    }
    jobs.extend([Job::Lib, Job::Manifest, Job::Readme]);
    jobs.extend(by_module.keys().copied().map(Job::Module));
    jobs.extend((0..ir.operations.len()).map(Job::Operation));
    jobs.extend((0..ir.shapes.len()).map(Job::Shape));
    jobs
}

fn render(ir: &CrateIr, protocol: &dyn ProtocolEmitter, by_module: &BTreeMap<Module, Vec<&ShapeIr>>, job: &Job) -> Result<GeneratedFile> {
    let (path, tokens) = match job {
        Job::Manifest => return Ok(GeneratedFile { path: "Cargo.toml".into(), contents: manifest::cargo_toml(ir, protocol) }),
        Job::Readme => return Ok(GeneratedFile { path: "README.md".into(), contents: readme::readme(ir) }),
        Job::Shape(i) => {
            let shape = &ir.shapes[*i];
            let path = format!("src/{}/{}.rs", shape.module.name(), shape.file_stem.trim_start_matches("r#"));
            (path, shapes::shape_items(shape, &ir.protocol))
        }
        Job::Module(module) => (format!("src/{}/mod.rs", module.name()), module_file(*module, &by_module[module])),
        Job::Operation(i) => {
            let op = &ir.operations[*i];
            (format!("src/operation/{}.rs", op.file_stem.trim_start_matches("r#")), operation::operation_items(protocol, op))
        }
        Job::Smoke => ("tests/smoke.rs".into(), smoke::smoke_tests(ir, protocol)),
        Job::Client => ("src/client.rs".into(), client::client_items(ir)),
        Job::OperationModule => ("src/operation/mod.rs".into(), operation_module(ir)),
        Job::Properties => ("tests/roundtrip.rs".into(), properties::property_tests(ir)),
        Job::Lib => ("src/lib.rs".into(), lib_file(ir, protocol, by_module.keys().copied().collect())),
    };
    let contents = format::rust_file(&path, &ir.model_label, tokens)?;
    Ok(GeneratedFile { path, contents })
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
        quote! {
            mod #stem;
            pub use self::#stem::{#name, #error};
        }
    });
    quote! {
        //! One unit struct per operation, implementing `botogen_runtime::Operation`, and the
        //! operation's error enum.
        #(#items)*
    }
}

fn lib_file(ir: &CrateIr, protocol: &dyn ProtocolEmitter, modules: Vec<Module>) -> proc_macro2::TokenStream {
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
    let unsupported: Vec<&crate::ir::OperationIr> = ir.operations.iter().filter(|op| op.unsupported.is_some()).collect();
    if !unsupported.is_empty() {
        lines.push(String::new());
        lines.push("## Not supported yet".into());
        lines.push(String::new());
        lines.push("These operations stream events, which this client cannot send or read yet. They are".into());
        lines.push("generated so that the crate is complete, and building their requests fails saying so:".into());
        lines.push(String::new());
        lines.extend(unsupported.iter().map(|op| format!("- `{}`", op.wire_name)));
    }
    lines.push(String::new());
    lines.extend(readme::getting_started(ir, readme::Audience::CrateDocs));
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
            /// What calling code needs from the runtime, so that it depends on this crate alone.
            #[cfg(feature = "client")]
            pub use ::botogen_runtime::client::{Config, ConfigError};
            #[cfg(feature = "client")]
            pub use ::botogen_runtime::paginate::{Items, Pages};
            #[cfg(feature = "client")]
            pub use ::botogen_runtime::waiter::{WaiterConfig, WaiterError};
            pub use ::botogen_runtime::retry::RetryConfig;
            pub use ::botogen_runtime::{BuildError, Credentials, Endpoint, EndpointOptions, ResponseError};
        }
    });
    let service = service::service_const(ir, protocol);
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

        /// The HTTP types the sans-I/O layer takes and returns.
        pub use ::botogen_runtime::http;

        /// Any value of this crate as a JSON document keyed by the model's member names,
        /// sensitive values redacted: for logging, or for any serde format.
        pub use ::botogen_runtime::codec::document::to_document;
    }
}
