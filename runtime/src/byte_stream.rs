//! Bodies that need not fit in memory: a streaming blob payload (an upload, a download),
//! sent from bytes, a file or a stream of chunks, and read chunk by chunk as it arrives.

use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

/// A stream of chunks, as a body is read.
pub type Chunks = Pin<Box<dyn Stream<Item = io::Result<Bytes>> + Send>>;

/// How much of a file is read at a time.
const FILE_CHUNK: usize = 64 * 1024;

/// A streaming body.
///
/// From bytes or a file, it can be read again, so a failed attempt is retried with it; from
/// a stream ([`ByteStream::from_stream`]), it is read once, and a clone shares that one
/// pass. A response's streaming member is such a one-pass stream over the connection:
/// read it with [`ByteStream::next`], or [`ByteStream::collect`] it into memory.
///
/// `Debug` shows its kind and length, never its contents.
pub struct ByteStream {
    source: Source,
    /// The pass being read by [`ByteStream::next`], once begun. In a `Mutex` only so
    /// that a `ByteStream` is `Sync`; `next` takes `&mut self` and never locks it.
    reading: Option<Mutex<Chunks>>,
}

#[derive(Clone)]
enum Source {
    Memory(Bytes),
    File { path: Arc<PathBuf>, len: u64 },
    Once { chunks: Arc<Mutex<Option<Chunks>>>, len: Option<u64> },
}

impl ByteStream {
    /// A body of `bytes`.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        ByteStream { source: Source::Memory(bytes.into()), reading: None }
    }

    /// A body read from the file at `path`, 64 KiB at a time, when it is sent (each
    /// attempt reads it anew). Its length is taken now.
    pub fn from_path(path: impl AsRef<Path>) -> io::Result<Self> {
        let path = path.as_ref().to_path_buf();
        let len = std::fs::metadata(&path)?.len();
        Ok(ByteStream { source: Source::File { path: Arc::new(path), len }, reading: None })
    }

    /// A body read once from `chunks`; `len`, when known, is sent as its
    /// `Content-Length` (most services need it).
    pub fn from_stream(chunks: impl Stream<Item = io::Result<Bytes>> + Send + 'static, len: Option<u64>) -> Self {
        ByteStream { source: Source::Once { chunks: Arc::new(Mutex::new(Some(Box::pin(chunks)))), len }, reading: None }
    }

    /// Its length in bytes, when known.
    pub fn len(&self) -> Option<u64> {
        match &self.source {
            Source::Memory(bytes) => Some(bytes.len() as u64),
            Source::File { len, .. } => Some(*len),
            Source::Once { len, .. } => *len,
        }
    }

    /// Whether it is known to hold nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// The bytes, when the body is in memory.
    pub fn as_bytes(&self) -> Option<&Bytes> {
        match &self.source {
            Source::Memory(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// Whether it can be read more than once (bytes or a file), so a request sending it
    /// can be retried.
    pub fn is_replayable(&self) -> bool {
        !matches!(self.source, Source::Once { .. })
    }

    /// A fresh pass over the body: the bytes again, the file opened again, or the one pass
    /// of a stream (an error if it was taken already).
    pub fn chunks(&self) -> io::Result<Chunks> {
        match &self.source {
            Source::Memory(bytes) => Ok(Box::pin(Once(Some(bytes.clone())))),
            Source::File { path, .. } => Ok(Box::pin(FileChunks { file: Some(std::fs::File::open(path.as_ref())?) })),
            Source::Once { chunks, .. } => chunks
                .lock()
                .map_err(|_| io::Error::other("the body's stream was poisoned"))?
                .take()
                .ok_or_else(|| io::Error::other("the body's stream was read already and cannot be read again")),
        }
    }

    /// The next chunk, `None` at the end.
    pub async fn next(&mut self) -> Option<io::Result<Bytes>> {
        if self.reading.is_none() {
            match self.chunks() {
                Ok(chunks) => self.reading = Some(Mutex::new(chunks)),
                Err(e) => return Some(Err(e)),
            }
        }
        let chunks = match self.reading.as_mut().expect("set above").get_mut() {
            Ok(chunks) => chunks,
            Err(poisoned) => poisoned.into_inner(),
        };
        std::future::poll_fn(|cx| chunks.as_mut().poll_next(cx)).await
    }

    /// Reads the whole body into memory.
    pub async fn collect(mut self) -> io::Result<Bytes> {
        if let Source::Memory(bytes) = &self.source {
            return Ok(bytes.clone());
        }
        let mut out = Vec::with_capacity(self.len().unwrap_or(0).min(64 << 20) as usize);
        while let Some(chunk) = self.next().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(out.into())
    }
}

impl Clone for ByteStream {
    /// The same body, not yet read: bytes and files are read again; a one-pass stream is
    /// shared, and only the first reader gets it.
    fn clone(&self) -> Self {
        ByteStream { source: self.source.clone(), reading: None }
    }
}

impl Default for ByteStream {
    fn default() -> Self {
        ByteStream::new(Bytes::new())
    }
}

impl PartialEq for ByteStream {
    /// Bytes compare by content; a file by its path; a one-pass stream only to itself.
    fn eq(&self, other: &Self) -> bool {
        match (&self.source, &other.source) {
            (Source::Memory(a), Source::Memory(b)) => a == b,
            (Source::File { path: a, .. }, Source::File { path: b, .. }) => a == b,
            (Source::Once { chunks: a, .. }, Source::Once { chunks: b, .. }) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.source {
            Source::Memory(_) => "bytes",
            Source::File { .. } => "file",
            Source::Once { .. } => "stream",
        };
        f.debug_struct("ByteStream").field("kind", &kind).field("len", &self.len()).finish()
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        ByteStream::new(bytes)
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        ByteStream::new(bytes)
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        ByteStream::new(Bytes::from_static(bytes))
    }
}

impl From<crate::Blob> for ByteStream {
    fn from(blob: crate::Blob) -> Self {
        ByteStream::new(blob.into_inner())
    }
}

/// One chunk, then the end.
struct Once(Option<Bytes>);

impl Stream for Once {
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<io::Result<Bytes>>> {
        Poll::Ready(self.0.take().filter(|b| !b.is_empty()).map(Ok))
    }
}

/// A file in chunks. Each read is a small blocking read on the polling thread, as local
/// files are read by most async code that does not hand them to a thread pool.
struct FileChunks {
    file: Option<std::fs::File>,
}

impl Stream for FileChunks {
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<io::Result<Bytes>>> {
        let Some(file) = self.file.as_mut() else { return Poll::Ready(None) };
        let mut buf = vec![0; FILE_CHUNK];
        match file.read(&mut buf) {
            Ok(0) => {
                self.file = None;
                Poll::Ready(None)
            }
            Ok(n) => {
                buf.truncate(n);
                Poll::Ready(Some(Ok(buf.into())))
            }
            Err(e) => {
                self.file = None;
                Poll::Ready(Some(Err(e)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        let mut future = std::pin::pin!(future);
        loop {
            if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
                return v;
            }
        }
    }

    #[test]
    fn bytes_and_files_read_again_streams_once() {
        let dir = std::env::temp_dir().join(format!("botogen-bytestream-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("body");
        let content: Vec<u8> = (0..200_000u32).map(|i| i as u8).collect();
        std::fs::write(&path, &content).unwrap();
        let file = ByteStream::from_path(&path).unwrap();
        assert_eq!(file.len(), Some(200_000));
        assert_eq!(&block_on(file.clone().collect()).unwrap()[..], &content[..]);
        assert_eq!(&block_on(file.collect()).unwrap()[..], &content[..]);
        std::fs::remove_dir_all(&dir).unwrap();

        let chunks = Once(Some(Bytes::from_static(b"once")));
        let stream = ByteStream::from_stream(chunks, Some(4));
        let shared = stream.clone();
        assert!(!stream.is_replayable());
        assert_eq!(&block_on(stream.collect()).unwrap()[..], b"once");
        assert!(block_on(shared.collect()).is_err(), "a one-pass stream is read once");

        let bytes = ByteStream::from(b"abc".to_vec());
        assert_eq!(bytes, ByteStream::from(&b"abc"[..]));
        assert_eq!(format!("{bytes:?}"), "ByteStream { kind: \"bytes\", len: Some(3) }");
    }
}
