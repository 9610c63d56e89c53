//! Between [`ByteStream`] and the HTTP client: request bodies that stream, response
//! bodies read as they arrive, and the payload hash SigV4 signs.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use http_body::{Body, Frame};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use sha2::{Digest, Sha256};

use crate::byte_stream::{ByteStream, Chunks};

/// What the client sends: the bytes the request was built with, or a stream.
pub type RequestBody = UnsyncBoxBody<Bytes, io::Error>;

/// A body of `bytes`.
pub fn full(bytes: Vec<u8>) -> RequestBody {
    Full::new(Bytes::from(bytes)).map_err(|never| match never {}).boxed_unsync()
}

/// A fresh pass over `stream` as a body; an error when it is a one-pass stream read
/// already.
pub fn streaming(stream: &ByteStream) -> io::Result<RequestBody> {
    Ok(StreamBody::new(Frames(stream.chunks()?)).boxed_unsync())
}

/// The SHA-256 of a replayable stream (bytes or a file), read once, chunk by chunk.
pub async fn sha256_hex(stream: &ByteStream) -> io::Result<String> {
    let mut chunks = stream.chunks()?;
    let mut hasher = Sha256::new();
    while let Some(chunk) = std::future::poll_fn(|cx| chunks.as_mut().poll_next(cx)).await {
        hasher.update(&chunk?);
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// A response body as a [`ByteStream`], read as it arrives; `len` from its
/// `Content-Length`.
pub fn response_stream<B>(body: B, len: Option<u64>) -> ByteStream
where
    B: Body<Data = Bytes> + Send + Unpin + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    ByteStream::from_stream(BodyChunks(body), len)
}

/// Chunks as the frames of a request body.
struct Frames(Chunks);

impl Stream for Frames {
    type Item = io::Result<Frame<Bytes>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx).map(|chunk| chunk.map(|chunk| chunk.map(Frame::data)))
    }
}

/// The data frames of a response body as chunks; trailers are skipped.
struct BodyChunks<B>(B);

impl<B> Stream for BodyChunks<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            return match Pin::new(&mut self.0).poll_frame(cx) {
                Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                    Ok(data) => Poll::Ready(Some(Ok(data))),
                    Err(_) => continue,
                },
                Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(io::Error::other(e.into())))),
                Poll::Ready(None) => Poll::Ready(None),
                Poll::Pending => Poll::Pending,
            };
        }
    }
}
