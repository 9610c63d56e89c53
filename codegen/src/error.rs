//! Errors of every codegen stage. Each names the file, and where it can the JSON path,
//! service, shape and member, so that a broken model is fixed without a debugger.

use std::fmt;
use std::path::PathBuf;

/// One thing wrong with a model, at a JSON path such as `shapes.Session.members.State.shape`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where in the document, dot-separated.
    pub path: String,
    /// What is wrong there.
    pub message: String,
}

/// Everything that can go wrong between reading a model and writing a crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },

    /// A file is not JSON at all.
    #[error("{file}:{line}:{column}: not valid JSON: {message}")]
    Syntax { file: String, line: usize, column: usize, message: String },

    /// JSON that does not have botocore's shape: a wrong type, an unknown shape type, …
    #[error("{file}: {path}: {message}")]
    Schema { file: String, path: String, message: String },

    /// A model that parses but contradicts itself.
    #[error("{}", Invalid { file, problems })]
    Invalid { file: String, problems: Vec<Problem> },

    /// A model asks for something this generator does not do.
    #[error("{file}: {path}: {message}")]
    Unsupported { file: String, path: String, message: String },

    /// A crate's version cannot follow its model: the lock or the old model is missing.
    #[error("{message}")]
    Release { message: String },

    /// Generated code that does not parse as Rust: a bug in the generator.
    #[error("generated {file} is not valid Rust ({message}); this is a bug in codegen")]
    Emit { file: String, message: String },
}

struct Invalid<'a> {
    file: &'a str,
    problems: &'a [Problem],
}

impl fmt::Display for Invalid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}: {}: {}", self.file, p.path, p.message)?;
        }
        Ok(())
    }
}

/// Shorthand for results in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
