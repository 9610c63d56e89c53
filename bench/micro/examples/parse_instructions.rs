//! Parses the ~1 MB DescribeSessions response `ITERATIONS` times (default 10), typed. Run
//! under `valgrind --tool=callgrind` for an instruction count that machine load cannot
//! skew; subtract a run with `ITERATIONS=0` to leave out building the response.

use appstream::output::DescribeSessionsResult;

fn main() {
    let body = micro::describe_sessions_response(1 << 20);
    let iterations: usize = std::env::var("ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(10);
    for _ in 0..iterations {
        let parsed = botogen_runtime::codec::json::from_slice::<DescribeSessionsResult>(std::hint::black_box(body.as_bytes()))
            .expect("the fixture parses");
        std::hint::black_box(parsed);
    }
}
