fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let client = appstream::Client::from_env().expect("configuration");
    let input = appstream::input::DescribeSessionsRequest::new("stack", "fleet");
    match runtime.block_on(client.describe_sessions(input)) {
        Ok(out) => println!("{} sessions", out.sessions.map_or(0, |s| s.len())),
        Err(e) => eprintln!("{e}"),
    }
}
