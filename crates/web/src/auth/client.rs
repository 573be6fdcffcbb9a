//! The client's address, for per-address login throttling. Behind a reverse proxy every
//! request comes from the proxy, so the forwarded address is believed only when the
//! direct peer is a configured trusted proxy — never from anyone else, who could forge it.

use axum::http::HeaderMap;
use std::net::{IpAddr, SocketAddr};

/// The address to throttle by.
pub fn client_ip(
    peer: Option<SocketAddr>,
    headers: &HeaderMap,
    trusted: &[IpAddr],
) -> Option<IpAddr> {
    let peer_ip = peer.map(|p| p.ip())?;
    if !trusted.contains(&peer_ip) {
        return Some(peer_ip);
    }
    // The right-most address not itself a trusted proxy is the client.
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse::<IpAddr>().ok())
        .collect::<Vec<_>>();
    forwarded
        .into_iter()
        .rev()
        .find(|ip| !trusted.contains(ip))
        .or(Some(peer_ip))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.5".parse().unwrap();
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.7".parse().unwrap(),
        );
        let from_proxy = SocketAddr::new(proxy, 4000);
        let from_anyone = SocketAddr::new("192.0.2.1".parse().unwrap(), 4000);
        assert_eq!(
            client_ip(Some(from_proxy), &h, &[proxy]),
            Some("198.51.100.7".parse().unwrap())
        );
        assert_eq!(
            client_ip(Some(from_anyone), &h, &[proxy]),
            Some("192.0.2.1".parse().unwrap())
        );
        assert_eq!(
            client_ip(Some(from_proxy), &HeaderMap::new(), &[proxy]),
            Some(proxy)
        );
        assert_eq!(client_ip(None, &h, &[proxy]), None);
    }
}
