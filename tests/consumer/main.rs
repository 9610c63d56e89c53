//! An application outside the botogen workspace, as its users write one: it depends on the
//! generated `appstream` crate alone (through git, or through the packaged crate) and lists
//! a stack's sessions, page by page. `tests/consumer.rs` builds it and runs it against the
//! fake AppStream endpoint.

use appstream::input::DescribeSessionsRequest;
use appstream::{Client, Config, Credentials};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let var = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
    let credentials = Credentials::new(var("FAKE_ACCESS_KEY")?, var("FAKE_SECRET_KEY")?, None);
    let config = Config::new(credentials).with_region("eu-west-1").with_endpoint_url(var("FAKE_APPSTREAM_URL")?);
    let client = Client::new(&config)?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let mut pages = client.describe_sessions_pages(DescribeSessionsRequest::new("stack", "fleet").with_limit(2));
        let mut ids = Vec::new();
        while let Some(page) = pages.next().await {
            ids.extend(page?.sessions.unwrap_or_default().into_iter().map(|session| session.id));
        }
        println!("{}", ids.join(","));
        Ok(())
    })
}
