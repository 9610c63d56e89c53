fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        let client = aws_sdk_sagemaker::Client::new(&config);
        match client.list_notebook_instances().send().await {
            Ok(out) => println!("{} notebook instances", out.notebook_instances().len()),
            Err(e) => eprintln!("{e}"),
        }
    });
}
