//! A small SMTP server on loopback for tests: it takes messages as a relay would, or
//! answers every message with a temporary (4xx) or permanent (5xx) refusal, or drops
//! the connection at once — so mail code is tested against real SMTP, not a mock.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// How the sink answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SinkMode {
    /// Takes every message.
    Accept,
    /// "451 try again later" to every MAIL FROM.
    Temporary,
    /// "550 refused" to every MAIL FROM.
    Permanent,
    /// Closes each connection as soon as it opens.
    Drop,
}

/// One message the sink took.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The message as sent (headers and body).
    pub data: String,
}

impl Received {
    /// The message with quoted-printable soft breaks and escapes undone, so a long link
    /// reads whole.
    pub fn decoded(&self) -> String {
        decode_qp(&self.data)
    }

    /// The Subject header's value, unfolded (a long header comes over several lines).
    pub fn subject(&self) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or_default();
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", "\t");
        unfolded
            .split("\r\n")
            .find_map(|l| l.strip_prefix("Subject: ").map(str::to_string))
    }
}

fn decode_qp(s: &str) -> String {
    let s = s.replace("=\r\n", "");
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
            && (bytes[i + 1].is_ascii_digit() || bytes[i + 1].is_ascii_uppercase())
        {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("00");
            out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[derive(Debug)]
struct State {
    mode: SinkMode,
    received: Vec<Received>,
    /// Connections opened, whatever came of them.
    connections: usize,
}

/// The sink: listening until dropped.
#[derive(Debug)]
pub struct SmtpSink {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpSink {
    /// A sink on a free loopback port.
    pub async fn start(mode: SinkMode) -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port for the SMTP sink");
        let addr = listener.local_addr().expect("the sink's address");
        let state = Arc::new(Mutex::new(State {
            mode,
            received: Vec::new(),
            connections: 0,
        }));
        let shared = state.clone();
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let state = shared.clone();
                tokio::spawn(async move {
                    let _ = serve(socket, state).await;
                });
            }
        });
        SmtpSink { addr, state, task }
    }

    /// The URL to give the mailer.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    pub fn set_mode(&self, mode: SinkMode) {
        self.state.lock().expect("sink state").mode = mode;
    }

    /// The messages taken so far.
    pub fn messages(&self) -> Vec<Received> {
        self.state.lock().expect("sink state").received.clone()
    }

    /// Connections opened so far.
    pub fn connections(&self) -> usize {
        self.state.lock().expect("sink state").connections
    }

    /// Waits (up to `secs` seconds) until at least `n` messages have come.
    pub async fn wait_for(&self, n: usize, secs: u64) -> Vec<Received> {
        let until = tokio::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            let got = self.messages();
            if got.len() >= n || tokio::time::Instant::now() >= until {
                return got;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

fn mode(state: &Mutex<State>) -> SinkMode {
    state.lock().expect("sink state").mode
}

async fn serve(socket: TcpStream, state: Arc<Mutex<State>>) -> std::io::Result<()> {
    state.lock().expect("sink state").connections += 1;
    if mode(&state) == SinkMode::Drop {
        return Ok(());
    }
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink.test ESMTP\r\n").await?;
    let mut from = String::new();
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_string();
        let upper = command.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
        } else if upper.starts_with("HELO") {
            b"250 sink.test\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            match mode(&state) {
                SinkMode::Temporary => b"451 4.3.0 Try again later\r\n",
                SinkMode::Permanent => b"550 5.7.1 Refused\r\n",
                SinkMode::Drop => return Ok(()),
                SinkMode::Accept => {
                    from = command[10..].trim().to_string();
                    to.clear();
                    b"250 OK\r\n"
                }
            }
        } else if upper.starts_with("RCPT TO:") {
            to.push(command[8..].trim().to_string());
            b"250 OK\r\n"
        } else if upper == "DATA" {
            write.write_all(b"354 Go ahead\r\n").await?;
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                let l = line.strip_prefix('.').unwrap_or(&line);
                data.push_str(l);
            }
            state.lock().expect("sink state").received.push(Received {
                from: from.clone(),
                to: std::mem::take(&mut to),
                data,
            });
            b"250 Queued\r\n"
        } else if upper == "RSET" || upper == "NOOP" {
            b"250 OK\r\n"
        } else if upper == "QUIT" {
            write.write_all(b"221 Bye\r\n").await?;
            return Ok(());
        } else {
            b"502 Not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
}
