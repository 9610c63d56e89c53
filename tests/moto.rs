//! End to end against the moto emulator: generated rest-json crates (EKS, MediaStore Data,
//! EMR on EKS, API Gateway, each sliced to the operations used here) call a real
//! implementation of the services over HTTP on 127.0.0.1, signed, and read its answers.
//!
//! The tests need moto, so plain `cargo test` leaves them out (`#[ignore]`);
//! `cargo xtask test` installs it into `target/moto/` and runs them.

use botogen_runtime::client::Config;
use botogen_runtime::{Credentials, DateTime};
use integration_tests::moto_server::Moto;

fn config(moto: &Moto) -> Config {
    Config::new(Credentials::new("AKIDMOTOTESTING", "moto/secret/for/tests/only", None))
        .with_region("us-east-1")
        .with_endpoint_url(&moto.endpoint)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime")
}

/// EKS: clusters created, listed over several pages, described, tagged and untagged by
/// ARN (a URI label holding `:` and `/`), and a missing one refused with the typed error.
#[test]
#[ignore = "needs the moto emulator: `cargo xtask test` installs and runs it"]
fn eks_clusters_pages_tags_and_a_typed_error() {
    let moto = Moto::start();
    let client = eks::Client::new(&config(&moto)).unwrap();
    runtime().block_on(async {
        let vpc = eks::types::VpcConfigRequest::new().with_subnet_ids(vec!["subnet-1".to_string()]);
        let names = ["alpha", "bravo", "charlie", "delta", "echo"];
        let mut arn = String::new();
        for name in names {
            let created = client
                .create_cluster(eks::input::CreateClusterRequest::new(name, "arn:aws:iam::123456789012:role/eks", vpc.clone()))
                .await
                .unwrap();
            let cluster = created.cluster.expect("the created cluster");
            assert_eq!(cluster.name.as_deref(), Some(name));
            if name == "alpha" {
                arn = cluster.arn.expect("an ARN");
            }
        }
        assert!(arn.starts_with("arn:aws:eks:us-east-1:") && arn.ends_with(":cluster/alpha"), "{arn}");

        // Two per page: three pages, every cluster once.
        let mut pages = client.list_clusters_pages(eks::input::ListClustersRequest::new()).page_size(2);
        let mut listed = Vec::new();
        let mut count = 0;
        while let Some(page) = pages.next().await {
            count += 1;
            listed.extend(page.unwrap().clusters.unwrap_or_default());
        }
        assert_eq!(count, 3);
        listed.sort();
        assert_eq!(listed, names);

        let described = client.describe_cluster(eks::input::DescribeClusterRequest::new("charlie")).await.unwrap();
        assert_eq!(described.cluster.and_then(|c| c.name).as_deref(), Some("charlie"));

        let tags = [("team".to_string(), "wire".to_string()), ("cost center".to_string(), "a/b:c".to_string())].into_iter().collect();
        client.tag_resource(eks::input::TagResourceRequest::new(arn.clone(), tags)).await.unwrap();
        let listed = client.list_tags_for_resource(eks::input::ListTagsForResourceRequest::new(arn.clone())).await.unwrap();
        let tags = listed.tags.unwrap_or_default();
        assert_eq!(tags.get("cost center").map(String::as_str), Some("a/b:c"));
        // `tagKeys` is a list in the query string. moto reads only its first value (boto3
        // sees the same), so one key at a time.
        client.untag_resource(eks::input::UntagResourceRequest::new(arn.clone(), vec!["team".into()])).await.unwrap();
        let listed = client.list_tags_for_resource(eks::input::ListTagsForResourceRequest::new(arn)).await.unwrap();
        assert_eq!(listed.tags.unwrap_or_default().into_keys().collect::<Vec<_>>(), ["cost center"]);

        let err = client.describe_cluster(eks::input::DescribeClusterRequest::new("missing")).await.unwrap_err();
        let service = err.service_error().unwrap_or_else(|| panic!("not a service error: {err:?}"));
        match &service.err {
            eks::operation::DescribeClusterError::ResourceNotFoundException(e) => {
                assert!(e.message.as_deref().unwrap_or_default().contains("missing"), "{e:?}")
            }
            other => panic!("expected ResourceNotFoundException, got {other:?}"),
        }
        assert_eq!(service.meta.status, 404);
        assert!(service.meta.request_id.is_some());

        let deleted = client.delete_cluster(eks::input::DeleteClusterRequest::new("echo")).await.unwrap();
        assert_eq!(deleted.cluster.and_then(|c| c.name).as_deref(), Some("echo"));
    });
}

/// MediaStore Data: a streaming blob payload sent from a file with a header member, read
/// back as it arrives with its headers and the status-code member, listed and deleted.
#[test]
#[ignore = "needs the moto emulator: `cargo xtask test` installs and runs it"]
fn mediastore_data_blob_payloads_headers_and_status() {
    let moto = Moto::start();
    let client = mediastore_data::Client::new(&config(&moto)).unwrap();
    runtime().block_on(async {
        // moto answers 500 to a body that is not UTF-8 (boto3 gets the same), so text.
        let body: Vec<u8> = b"0123456789abcdef\n".iter().copied().cycle().take(70_000).collect();
        // From a file, streamed as it is sent.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("clip");
        std::fs::write(&file, &body).unwrap();
        let put = mediastore_data::input::PutObjectRequest::new(botogen_runtime::ByteStream::from_path(&file).unwrap(), "clip")
            .with_content_type("application/octet-stream");
        let stored = client.put_object(put).await.unwrap();
        assert!(stored.content_sha256.is_some(), "{stored:?}");

        let got = client.get_object(mediastore_data::input::GetObjectRequest::new("clip")).await.unwrap();
        assert_eq!(got.status_code, 200);
        assert_eq!(got.content_length, Some(body.len() as i64));
        let received = got.body.expect("a body").collect().await.unwrap();
        assert_eq!(&received[..], &body[..]);

        let items = client.list_items(mediastore_data::input::ListItemsRequest::new()).await.unwrap();
        let names: Vec<_> = items.items.unwrap_or_default().into_iter().filter_map(|i| i.name).collect();
        assert_eq!(names, ["clip"]);

        client.delete_object(mediastore_data::input::DeleteObjectRequest::new("clip")).await.unwrap();
        let items = client.list_items(mediastore_data::input::ListItemsRequest::new()).await.unwrap();
        assert_eq!(items.items.unwrap_or_default().len(), 0);
    });
}

/// EMR on EKS: timestamps in the query string, which the emulator filters by.
#[test]
#[ignore = "needs the moto emulator: `cargo xtask test` installs and runs it"]
fn emr_containers_timestamps_in_the_query_string() {
    use emr_containers::input::{
        CreateVirtualClusterRequest, DeleteVirtualClusterRequest, DescribeVirtualClusterRequest, ListVirtualClustersRequest,
    };
    use emr_containers::types::{ContainerInfo, ContainerProvider, ContainerProviderType, EksInfo};

    let moto = Moto::start();
    let client = emr_containers::Client::new(&config(&moto)).unwrap();
    runtime().block_on(async {
        let provider = ContainerProvider::new(ContainerProviderType::Eks, "alpha")
            .with_info(ContainerInfo::EksInfo(EksInfo::new().with_namespace("spark")));
        let created = client.create_virtual_cluster(CreateVirtualClusterRequest::new("vc", provider)).await.unwrap();
        let id = created.id.expect("an id");
        let described = client.describe_virtual_cluster(DescribeVirtualClusterRequest::new(id.clone())).await.unwrap();
        assert_eq!(described.virtual_cluster.and_then(|v| v.name).as_deref(), Some("vc"));

        // The emulator stamps a cluster with the start of its day (UTC): two days ago is
        // before it, tomorrow after it, whenever the test runs.
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
        let days = |d: i64| DateTime::from_secs(now + d * 86_400);
        let count = |request: ListVirtualClustersRequest| {
            let client = &client;
            async move { client.list_virtual_clusters(request).await.unwrap().virtual_clusters.unwrap_or_default().len() }
        };
        assert_eq!(count(ListVirtualClustersRequest::new().with_created_after(days(-2))).await, 1);
        assert_eq!(count(ListVirtualClustersRequest::new().with_created_after(days(1))).await, 0);
        assert_eq!(count(ListVirtualClustersRequest::new().with_created_before(days(1))).await, 1);
        assert_eq!(count(ListVirtualClustersRequest::new().with_created_before(days(-2))).await, 0);

        client.delete_virtual_cluster(DeleteVirtualClusterRequest::new(id)).await.unwrap();
    });
}

/// API Gateway: REST APIs created, read, listed and deleted; a missing one is the typed
/// `NotFoundException`.
#[test]
#[ignore = "needs the moto emulator: `cargo xtask test` installs and runs it"]
fn apigateway_rest_apis_and_not_found() {
    use apigateway::input::{CreateRestApiRequest, DeleteRestApiRequest, GetRestApiRequest, GetRestApisRequest};

    let moto = Moto::start();
    let client = apigateway::Client::new(&config(&moto)).unwrap();
    runtime().block_on(async {
        let created = client.create_rest_api(CreateRestApiRequest::new("pets").with_description("a store")).await.unwrap();
        let id = created.id.expect("an id");
        let got = client.get_rest_api(GetRestApiRequest::new(id.clone())).await.unwrap();
        assert_eq!(got.name.as_deref(), Some("pets"));
        assert_eq!(got.description.as_deref(), Some("a store"));
        assert!(got.created_date.is_some());

        let all = client.get_rest_apis(GetRestApisRequest::new()).await.unwrap();
        assert_eq!(all.items.unwrap_or_default().into_iter().filter_map(|a| a.id).collect::<Vec<_>>(), std::slice::from_ref(&id));

        client.delete_rest_api(DeleteRestApiRequest::new(id.clone())).await.unwrap();
        let err = client.get_rest_api(GetRestApiRequest::new(id)).await.unwrap_err();
        let service = err.service_error().unwrap_or_else(|| panic!("not a service error: {err:?}"));
        assert!(matches!(service.err, apigateway::operation::GetRestApiError::NotFoundException(_)), "{:?}", service.err);
        assert_eq!(service.meta.status, 404);
    });
}
