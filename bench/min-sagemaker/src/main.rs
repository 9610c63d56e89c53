fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let client = sagemaker::Client::from_env().expect("configuration");
    let input = sagemaker::input::ListNotebookInstancesInput::new();
    match runtime.block_on(client.list_notebook_instances(input)) {
        Ok(out) => println!("{} notebook instances", out.notebook_instances.map_or(0, |s| s.len())),
        Err(e) => eprintln!("{e}"),
    }
}
