//! (c) Throughput of the JSON codec on a ~1 MB DescribeSessions response: the typed parse
//! against `serde_json::Value`, and writing the typed value back against writing the
//! `Value`; and building one DescribeSessions request (serialising its input).

use appstream::input::DescribeSessionsRequest;
use appstream::operation::DescribeSessions;
use appstream::output::DescribeSessionsResult;
use appstream::types::AuthenticationType;
use appstream::{Endpoint, Operation};
use botogen_runtime::codec::json;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn parse(c: &mut Criterion) {
    let body = micro::describe_sessions_response(1 << 20);
    let mut group = c.benchmark_group("parse_1MB");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("typed DescribeSessionsResult", |b| {
        b.iter(|| json::from_slice::<DescribeSessionsResult>(std::hint::black_box(body.as_bytes())).unwrap())
    });
    group.bench_function("serde_json::Value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(std::hint::black_box(&body)).unwrap())
    });
    group.finish();
}

fn write(c: &mut Criterion) {
    let body = micro::describe_sessions_response(1 << 20);
    let typed: DescribeSessionsResult = json::from_slice(body.as_bytes()).unwrap();
    let value: serde_json::Value = serde_json::from_str(&body).unwrap();
    let mut group = c.benchmark_group("write_1MB");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("typed DescribeSessionsResult", |b| b.iter(|| json::to_vec(std::hint::black_box(&typed)).unwrap()));
    group.bench_function("serde_json::Value", |b| b.iter(|| serde_json::to_vec(std::hint::black_box(&value)).unwrap()));
    group.finish();
}

fn request(c: &mut Criterion) {
    let endpoint = Endpoint::from_url("https://appstream2.us-east-1.amazonaws.com").unwrap();
    let input = DescribeSessionsRequest::new("engineering-stack", "engineering-fleet")
        .with_user_id("jdoe@example.com")
        .with_authentication_type(AuthenticationType::Api)
        .with_limit(50);
    c.bench_function("build DescribeSessions request", |b| {
        b.iter(|| DescribeSessions::build_request(std::hint::black_box(&input), &endpoint).unwrap())
    });
}

criterion_group!(benches, parse, write, request);
criterion_main!(benches);
