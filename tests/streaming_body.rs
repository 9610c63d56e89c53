//! A streaming payload of 100 MB goes up from a file and comes down as it arrives, and
//! the process's memory stays far below the body's size, both ways.
//!
//! Its own test binary, with one test, so that the process's peak memory is this test's.
//! The server on 127.0.0.1 streams too: it counts what it receives and writes what it
//! sends in 64 KiB pieces, so the peak is the client's.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;

use botogen_runtime::client::Config;
use botogen_runtime::{ByteStream, Credentials};
use mediastore_data::input::{GetObjectRequest, PutObjectRequest};

const SIZE: u64 = 100 * 1024 * 1024;

/// The byte at `offset` of the body: a pattern that a misplaced chunk would break.
fn byte_at(offset: u64) -> u8 {
    (offset % 251) as u8
}

/// Peak resident memory of this process so far, from `/proc/self/status` (Linux).
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status (Linux)");
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("a VmHWM line");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("a number of KiB")
}

/// Serves one PUT (its body checked byte by byte, never held) and one GET (the same body,
/// written as it is made), then stops.
fn server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || {
        for _ in 0..2 {
            let (stream, _) = listener.accept().expect("a connection");
            serve(stream);
        }
    });
    format!("http://{addr}")
}

fn serve(stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" || line.is_empty() {
            break;
        }
        head.push(line.trim_end().to_string());
    }
    let length = head.iter().find_map(|h| h.to_ascii_lowercase().strip_prefix("content-length: ").and_then(|n| n.parse::<u64>().ok()));
    let mut out = stream;
    if head[0].starts_with("PUT ") {
        assert_eq!(length, Some(SIZE), "the upload's length: {head:?}");
        let mut buf = vec![0u8; 64 * 1024];
        let mut offset = 0u64;
        while offset < SIZE {
            let n = reader.read(&mut buf).unwrap();
            assert!(n > 0, "the upload ended at {offset}");
            for (i, b) in buf[..n].iter().enumerate() {
                assert_eq!(*b, byte_at(offset + i as u64), "upload byte {}", offset + i as u64);
            }
            offset += n as u64;
        }
        let body = br#"{"ContentSHA256":"checked","ETag":"e"}"#;
        write!(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len())
            .unwrap();
        out.write_all(body).unwrap();
    } else {
        write!(out, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {SIZE}\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut offset = 0u64;
        while offset < SIZE {
            let piece: Vec<u8> = (offset..(offset + 64 * 1024).min(SIZE)).map(byte_at).collect();
            if out.write_all(&piece).is_err() {
                return;
            }
            offset += piece.len() as u64;
        }
    }
}

#[test]
fn a_100_mb_body_streams_both_ways_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("upload");
    {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let mut offset = 0u64;
        while offset < SIZE {
            let piece: Vec<u8> = (offset..(offset + 1024 * 1024).min(SIZE)).map(byte_at).collect();
            file.write_all(&piece).unwrap();
            offset += piece.len() as u64;
        }
    }
    let endpoint = server();
    let config = Config::new(Credentials::new("AKIDSTREAMING", "streaming/secret/for/tests", None))
        .with_region("us-east-1")
        .with_endpoint_url(endpoint);
    let client = mediastore_data::Client::new(&config).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let before = peak_rss_kib();
    runtime.block_on(async {
        let put = PutObjectRequest::new(ByteStream::from_path(&path).unwrap(), "big");
        let stored = client.put_object(put).await.unwrap();
        assert_eq!(stored.content_sha256.as_deref(), Some("checked"));

        let got = client.get_object(GetObjectRequest::new("big")).await.unwrap();
        assert_eq!(got.content_length, Some(SIZE as i64));
        let mut body = got.body.expect("a streaming body");
        assert_eq!(body.len(), Some(SIZE));
        let mut offset = 0u64;
        while let Some(chunk) = body.next().await {
            let chunk = chunk.unwrap();
            assert!(chunk.iter().enumerate().all(|(i, b)| *b == byte_at(offset + i as u64)), "download chunk at {offset}");
            offset += chunk.len() as u64;
        }
        assert_eq!(offset, SIZE);
    });
    let grown_mib = (peak_rss_kib().saturating_sub(before)) / 1024;
    println!("peak memory grew by {grown_mib} MiB moving 100 MiB up and 100 MiB down");
    assert!(grown_mib < 32, "peak memory grew by {grown_mib} MiB for a 100 MiB body: it was buffered");
}
