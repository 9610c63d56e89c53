//! Inputs for the benches.

/// A DescribeSessions response of about `bytes` bytes, shaped like the seed's.
pub fn describe_sessions_response(bytes: usize) -> String {
    let mut sessions = Vec::new();
    let mut len = 0;
    let mut i = 0u64;
    while len < bytes {
        let s = format!(
            r#"{{"Id":"{:08x}-8b7e-4b3c-a8b4-2f0e0e9f1c11","UserId":"user{i}@example.com","StackName":"engineering-stack","FleetName":"engineering-fleet","State":"ACTIVE","ConnectionState":"{}","StartTime":{}.123,"MaxExpirationTime":{},"AuthenticationType":"API","NetworkAccessConfiguration":{{"EniPrivateIpAddress":"10.0.{}.{}","EniId":"eni-{i:08x}"}}}}"#,
            i,
            if i % 2 == 0 { "CONNECTED" } else { "NOT_CONNECTED" },
            1_549_909_800 + i,
            1_549_953_000 + i,
            i % 256,
            (i / 256) % 256
        );
        len += s.len() + 1;
        sessions.push(s);
        i += 1;
    }
    format!(r#"{{"Sessions":[{}],"NextToken":"eyJwYWdlIjoyfQ=="}}"#, sessions.join(","))
}
