fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        let client = aws_sdk_appstream::Client::new(&config);
        match client.describe_sessions().stack_name("stack").fleet_name("fleet").send().await {
            Ok(out) => println!("{} sessions", out.sessions().len()),
            Err(e) => eprintln!("{e}"),
        }
    });
}
