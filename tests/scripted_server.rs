//! A server on 127.0.0.1 that answers each connection with the next step of a script, to
//! inject the failures a real network produces.

use std::collections::VecDeque;
use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use crate::http_wire::read_request;

/// What to do with one connection.
#[derive(Debug, Clone)]
pub enum Step {
    /// Answer with this status, extra headers and body.
    Respond(u16, Vec<(&'static str, String)>, String),
    /// Read the request, then drop the connection without a word.
    Reset,
    /// Read the request, then say nothing for this long.
    Stall(Duration),
    /// Promise `Content-Length` bytes and send only the first half.
    Truncate(u16, String),
}

/// A JSON error response as AWS JSON services send it.
pub fn error(status: u16, code: &str, message: &str) -> Step {
    Step::Respond(status, vec![("x-amzn-RequestId", format!("req-{code}"))], format!(r#"{{"__type":"{code}","message":"{message}"}}"#))
}

/// The `X-Amz-Target` and body of every request, in arrival order.
type Seen = Mutex<Vec<(String, Vec<u8>)>>;

/// A running script; requests beyond it get a 500.
pub struct ScriptedServer {
    addr: SocketAddr,
    requests: Arc<Seen>,
}

impl ScriptedServer {
    /// Starts serving `steps` in order, one per connection.
    pub fn start(steps: Vec<Step>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().unwrap();
        let script = Arc::new(Mutex::new(VecDeque::from(steps)));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        thread::spawn(move || {
            // Bounded: no test needs more than a few hundred connections.
            for stream in listener.incoming().take(256) {
                let Ok(stream) = stream else { continue };
                let step = script.lock().unwrap().pop_front().unwrap_or_else(|| error(500, "ScriptExhausted", "no more steps"));
                let seen = seen.clone();
                thread::spawn(move || serve(stream, step, &seen));
            }
        });
        ScriptedServer { addr, requests }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The `X-Amz-Target` of every request received.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().iter().map(|(target, _)| target.clone()).collect()
    }

    /// The body of every request received.
    pub fn bodies(&self) -> Vec<Vec<u8>> {
        self.requests.lock().unwrap().iter().map(|(_, body)| body.clone()).collect()
    }
}

fn serve(mut stream: TcpStream, step: Step, seen: &Seen) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Some(request) = read_request(&stream) else { return };
    seen.lock().unwrap().push((request.header("x-amz-target").unwrap_or_default().to_string(), request.body.clone()));
    match step {
        Step::Respond(status, headers, body) => {
            let mut out = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n", body.len());
            for (name, value) in headers {
                out.push_str(&format!("{name}: {value}\r\n"));
            }
            out.push_str("\r\n");
            out.push_str(&body);
            let _ = stream.write_all(out.as_bytes());
        }
        Step::Reset => drop(stream),
        Step::Stall(duration) => thread::sleep(duration),
        Step::Truncate(status, body) => {
            let half = &body[..body.len() / 2];
            let _ = stream
                .write_all(format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{half}", body.len()).as_bytes());
        }
    }
}
