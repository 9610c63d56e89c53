//! (c) Parse throughput of a ~1 MB DescribeSessions response: typed output against
//! `serde_json::Value`.

use appstream::output::DescribeSessionsResult;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn parse(c: &mut Criterion) {
    let body = micro::describe_sessions_response(1 << 20);
    let mut group = c.benchmark_group("parse_1MB");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("typed DescribeSessionsResult", |b| {
        b.iter(|| serde_json::from_str::<DescribeSessionsResult>(std::hint::black_box(&body)).unwrap())
    });
    group.bench_function("serde_json::Value", |b| b.iter(|| serde_json::from_str::<serde_json::Value>(std::hint::black_box(&body)).unwrap()));
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
