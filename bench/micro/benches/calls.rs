//! (d) DescribeSessions calls per second against a local server on 127.0.0.1 that
//! answers every request with the same small page (keep-alive, no signature check).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

use appstream::input::DescribeSessionsRequest;
use appstream::{Client, Config};
use botogen_runtime::Credentials;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn serve(listener: TcpListener, body: String) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let body = body.clone();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut stream = stream;
            loop {
                let mut length = 0usize;
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 {
                        return;
                    }
                    let header = header.trim_end().to_ascii_lowercase();
                    if header.is_empty() {
                        break;
                    }
                    if let Some(v) = header.strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                }
                let mut request = vec![0; length];
                if reader.read_exact(&mut request).is_err() {
                    return;
                }
                let response = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\nx-amzn-requestid: bench\r\n\r\n{body}", body.len());
                if stream.write_all(response.as_bytes()).is_err() {
                    return;
                }
            }
        });
    }
}

fn calls(c: &mut Criterion) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || serve(listener, micro::describe_sessions_response(2_000)));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let config = Config::new(Credentials::new("AKIDBENCH", "secret", None)).with_region("us-east-1").with_endpoint_url(url);
    let client = Client::new(&config).unwrap();
    let mut group = c.benchmark_group("describe_sessions");
    group.throughput(Throughput::Elements(1));
    group.bench_function("signed call over loopback", |b| {
        b.iter(|| runtime.block_on(client.describe_sessions(DescribeSessionsRequest::new("stack", "fleet"))).unwrap())
    });
    group.finish();
}

criterion_group!(benches, calls);
criterion_main!(benches);
