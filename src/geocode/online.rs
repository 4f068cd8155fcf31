//! Opt-in online geocoders: a Nominatim or Photon server the user runs (or trusts), and
//! Amap (高德) for Chinese addresses. Only used when the user asks with `--geocoder`;
//! the CLI warns that addresses leave the machine.
//!
//! Requests are spaced by a minimum interval (1 s by default, the public Nominatim usage
//! policy), retried with exponential back-off on network errors, HTTP 429 and 5xx, and
//! their answers mapped onto the offline geocoder's match levels. Amap answers in GCJ-02;
//! positions are converted to WGS84 here.

use super::Geocoded;
use crate::coord::{Datum, LonLat};
use crate::model::MatchLevel;
use std::str::FromStr;
use std::time::{Duration, Instant};

/// Which service to ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provider {
    /// Nominatim (`…/search`) or Photon (`…/api`) at this base URL.
    Nominatim {
        /// Base URL, e.g. `http://localhost:8080`.
        base_url: String,
    },
    /// Amap REST geocoding with this key.
    Amap {
        /// The user's Amap web-service key.
        key: String,
        /// Base URL (the public service unless overridden, e.g. for tests).
        base_url: String,
    },
}

/// The public Amap REST endpoint.
pub const AMAP_BASE_URL: &str = "https://restapi.amap.com";

impl FromStr for Provider {
    type Err = String;
    /// `nominatim:URL`, `photon:URL` or `amap:KEY` (optionally `amap:KEY@URL`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (kind, rest) = s.split_once(':').ok_or_else(|| {
            format!("'{s}' is not a geocoder (expected nominatim:URL or amap:KEY)")
        })?;
        match kind.to_ascii_lowercase().as_str() {
            "nominatim" | "photon" => {
                if !(rest.starts_with("http://") || rest.starts_with("https://")) {
                    return Err(format!(
                        "'{rest}' is not a URL (e.g. nominatim:http://localhost:8080)"
                    ));
                }
                Ok(Provider::Nominatim {
                    base_url: rest.trim_end_matches('/').to_string(),
                })
            }
            "amap" => {
                let (key, base_url) = match rest.split_once('@') {
                    Some((k, u)) => (k, u.trim_end_matches('/')),
                    None => (rest, AMAP_BASE_URL),
                };
                if key.is_empty() {
                    return Err("amap needs a key: --geocoder amap:YOUR_KEY".into());
                }
                Ok(Provider::Amap {
                    key: key.to_string(),
                    base_url: base_url.to_string(),
                })
            }
            other => Err(format!(
                "unknown geocoder '{other}' (expected nominatim:URL or amap:KEY)"
            )),
        }
    }
}

impl Provider {
    /// The host addresses are sent to, for the privacy warning.
    pub fn host(&self) -> &str {
        let url = match self {
            Provider::Nominatim { base_url } | Provider::Amap { base_url, .. } => base_url,
        };
        let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
        rest.split('/').next().unwrap_or(rest)
    }

    /// Short name for the cache and messages.
    pub fn name(&self) -> &'static str {
        match self {
            Provider::Nominatim { .. } => "nominatim",
            Provider::Amap { .. } => "amap",
        }
    }
}

/// An online lookup that failed for good (after retries).
#[derive(Debug, thiserror::Error)]
pub enum OnlineError {
    /// The service could not be reached or kept failing.
    #[error("{host}: {detail} (after {attempts} attempts)")]
    Unavailable {
        /// Host asked.
        host: String,
        /// Last failure.
        detail: String,
        /// Attempts made.
        attempts: u32,
    },
    /// The service answered something we cannot read.
    #[error("{host}: unexpected answer: {detail}")]
    BadAnswer {
        /// Host asked.
        host: String,
        /// What was wrong.
        detail: String,
    },
    /// The service refused the request (bad key, quota).
    #[error("{host} refused the request: {detail}")]
    Refused {
        /// Host asked.
        host: String,
        /// The service's message.
        detail: String,
    },
}

/// A rate-limited, retrying client for one provider.
pub struct OnlineGeocoder {
    provider: Provider,
    agent: ureq::Agent,
    min_interval: Duration,
    first_backoff: Duration,
    max_attempts: u32,
    last_request: Option<Instant>,
}

impl OnlineGeocoder {
    /// A client sending at most one request per `min_interval`.
    pub fn new(provider: Provider, min_interval: Duration) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(20)))
            .http_status_as_error(false)
            .user_agent(concat!("catchment/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Self {
            provider,
            agent,
            min_interval,
            first_backoff: Duration::from_secs(1),
            max_attempts: 4,
            last_request: None,
        }
    }

    /// Sets the first retry delay (doubled on each retry); tests use a short one.
    pub fn with_first_backoff(mut self, d: Duration) -> Self {
        self.first_backoff = d;
        self
    }

    /// The provider asked.
    pub fn provider(&self) -> &Provider {
        &self.provider
    }

    /// Geocodes one address.
    ///
    /// # Errors
    /// When the service stays unreachable, refuses, or answers nonsense.
    pub fn geocode(&mut self, address: &str) -> Result<Geocoded, OnlineError> {
        let body = self.fetch(address)?;
        let host = self.provider.host().to_string();
        let bad = |detail: String| OnlineError::BadAnswer {
            host: host.clone(),
            detail,
        };
        let json: serde_json::Value =
            serde_json::from_str(&body).map_err(|e| bad(e.to_string()))?;
        match &self.provider {
            Provider::Nominatim { .. } => parse_nominatim(&json).map_err(bad),
            Provider::Amap { .. } => match parse_amap(&json) {
                Ok(g) => Ok(g),
                Err(AmapError::Refused(detail)) => Err(OnlineError::Refused { host, detail }),
                Err(AmapError::Bad(detail)) => Err(bad(detail)),
            },
        }
    }

    fn fetch(&mut self, address: &str) -> Result<String, OnlineError> {
        let mut last_failure = String::new();
        let mut backoff = self.first_backoff;
        for attempt in 1..=self.max_attempts {
            if let Some(last) = self.last_request {
                let next = last + self.min_interval;
                let now = Instant::now();
                if next > now {
                    std::thread::sleep(next - now);
                }
            }
            self.last_request = Some(Instant::now());
            let request = match &self.provider {
                Provider::Nominatim { base_url } if base_url.ends_with("/api") => self
                    .agent
                    .get(base_url.as_str())
                    .query("q", address)
                    .query("limit", "1"),
                Provider::Nominatim { base_url } => self
                    .agent
                    .get(format!("{base_url}/search"))
                    .query("q", address)
                    .query("format", "jsonv2")
                    .query("limit", "1"),
                Provider::Amap { key, base_url } => self
                    .agent
                    .get(format!("{base_url}/v3/geocode/geo"))
                    .query("key", key)
                    .query("address", address)
                    .query("output", "JSON"),
            };
            match request.call() {
                Ok(mut resp) => {
                    let status = resp.status().as_u16();
                    if status == 429 || status >= 500 {
                        last_failure = format!("HTTP {status}");
                    } else if status >= 400 {
                        return Err(OnlineError::Refused {
                            host: self.provider.host().to_string(),
                            detail: format!("HTTP {status}"),
                        });
                    } else {
                        return resp.body_mut().read_to_string().map_err(|e| {
                            OnlineError::BadAnswer {
                                host: self.provider.host().to_string(),
                                detail: e.to_string(),
                            }
                        });
                    }
                }
                Err(e) => last_failure = e.to_string(),
            }
            if attempt < self.max_attempts {
                std::thread::sleep(backoff);
                backoff *= 2;
            }
        }
        Err(OnlineError::Unavailable {
            host: self.provider.host().to_string(),
            detail: last_failure,
            attempts: self.max_attempts,
        })
    }
}

fn num(v: &serde_json::Value) -> Option<f64> {
    v.as_f64().or_else(|| v.as_str()?.parse().ok())
}

fn none() -> Geocoded {
    Geocoded {
        position: None,
        level: MatchLevel::None,
        score: 0.0,
        label: None,
    }
}

/// Nominatim `jsonv2` (array of places) or Photon (GeoJSON features).
fn parse_nominatim(json: &serde_json::Value) -> Result<Geocoded, String> {
    if let Some(features) = json.get("features").and_then(|f| f.as_array()) {
        let Some(f) = features.first() else {
            return Ok(none());
        };
        let c = &f["geometry"]["coordinates"];
        let (lon, lat) = (num(&c[0]), num(&c[1]));
        let p = &f["properties"];
        let level = if p.get("housenumber").is_some() {
            MatchLevel::House
        } else if p["type"] == "street" {
            MatchLevel::Street
        } else if p["type"] == "postcode" {
            MatchLevel::Postcode
        } else {
            MatchLevel::None
        };
        let label = [
            p.get("street").or(p.get("name")),
            p.get("housenumber"),
            p.get("postcode"),
            p.get("city"),
        ]
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .collect::<Vec<_>>()
        .join(" ");
        return placed(lon, lat, level, label, Datum::Wgs84);
    }
    let places = json.as_array().ok_or("expected a JSON array of places")?;
    let Some(place) = places.first() else {
        return Ok(none());
    };
    let rank = place["place_rank"].as_u64().unwrap_or(0);
    let kind = place["addresstype"]
        .as_str()
        .or(place["type"].as_str())
        .unwrap_or_default();
    let level = if kind == "postcode" {
        MatchLevel::Postcode
    } else if rank >= 28 || matches!(kind, "house" | "building") {
        MatchLevel::House
    } else if rank >= 26 || matches!(kind, "road" | "street") {
        MatchLevel::Street
    } else {
        MatchLevel::None
    };
    let label = place["display_name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    placed(
        num(&place["lon"]),
        num(&place["lat"]),
        level,
        label,
        Datum::Wgs84,
    )
}

enum AmapError {
    Refused(String),
    Bad(String),
}

/// Amap `v3/geocode/geo`: GCJ-02 `"lon,lat"` and a Chinese `level`.
fn parse_amap(json: &serde_json::Value) -> Result<Geocoded, AmapError> {
    if json["status"] != "1" {
        let info = json["info"].as_str().unwrap_or("status is not 1");
        return Err(AmapError::Refused(info.to_string()));
    }
    let Some(g) = json["geocodes"].as_array().and_then(|a| a.first()) else {
        return Ok(none());
    };
    let location = g["location"]
        .as_str()
        .ok_or_else(|| AmapError::Bad("no location".into()))?;
    let (lon, lat) = location
        .split_once(',')
        .ok_or_else(|| AmapError::Bad(format!("location '{location}'")))?;
    let level = match g["level"].as_str().unwrap_or_default() {
        "门牌号" | "单元号" | "楼栋" | "兴趣点" => MatchLevel::House,
        "道路" | "道路交叉路口" => MatchLevel::Street,
        _ => MatchLevel::None,
    };
    let label = g["formatted_address"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    placed(
        lon.trim().parse().ok(),
        lat.trim().parse().ok(),
        level,
        label,
        Datum::Gcj02,
    )
    .map_err(AmapError::Bad)
}

fn placed(
    lon: Option<f64>,
    lat: Option<f64>,
    level: MatchLevel,
    label: String,
    datum: Datum,
) -> Result<Geocoded, String> {
    if level == MatchLevel::None {
        // Too coarse (a city or district) to put a member on the map.
        return Ok(none());
    }
    let (Some(lon), Some(lat)) = (lon, lat) else {
        return Err("a result without coordinates".into());
    };
    let p = LonLat::new(lon, lat).map_err(|e| e.to_string())?;
    let score = if level == MatchLevel::House { 0.9 } else { 0.6 };
    Ok(Geocoded {
        position: Some(datum.to_wgs84(p)),
        level,
        score,
        label: Some(label),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    use std::sync::{Arc, Mutex};

    /// A loopback HTTP server answering each request with the next canned (status, body),
    /// recording the request lines.
    fn stub(answers: Vec<(u16, &'static str)>) -> (String, Arc<Mutex<Vec<String>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for (status, body) in answers {
                let Ok((mut stream, _)) = listener.accept() else {
                    return;
                };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                log.lock().unwrap().push(line.trim().to_string());
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap() == 0 || h == "\r\n" {
                        break;
                    }
                }
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        (url, seen)
    }

    #[test]
    fn nominatim_house_hit_after_a_retry() {
        let (url, seen) = stub(vec![
            (503, "{}"),
            (
                200,
                r#"[{"lat":"60.1699","lon":"24.9384","place_rank":30,"addresstype":"building","display_name":"5, Mannerheimintie, Helsinki"}]"#,
            ),
        ]);
        let provider: Provider = format!("nominatim:{url}").parse().unwrap();
        let mut g = OnlineGeocoder::new(provider, Duration::from_millis(1))
            .with_first_backoff(Duration::from_millis(5));
        let r = g.geocode("Mannerheimintie 5, Helsinki").unwrap();
        assert_eq!(r.level, MatchLevel::House);
        let p = r.position.unwrap();
        assert!((p.lat_deg() - 60.1699).abs() < 1e-9 && (p.lon_deg() - 24.9384).abs() < 1e-9);
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2);
        assert!(
            seen[1].starts_with("GET /search?q=Mannerheimintie%205%2C%20Helsinki&format=jsonv2"),
            "{}",
            seen[1]
        );
    }

    #[test]
    fn nominatim_empty_and_coarse_answers_are_none() {
        let (url, _) = stub(vec![
            (200, "[]"),
            (
                200,
                r#"[{"lat":"60.17","lon":"24.94","place_rank":16,"addresstype":"city"}]"#,
            ),
        ]);
        let mut g =
            OnlineGeocoder::new(format!("nominatim:{url}").parse().unwrap(), Duration::ZERO);
        assert_eq!(g.geocode("nowhere").unwrap().level, MatchLevel::None);
        assert_eq!(g.geocode("Helsinki").unwrap().position, None);
    }

    #[test]
    fn amap_results_are_converted_from_gcj02() {
        let (url, seen) = stub(vec![(
            200,
            r#"{"status":"1","info":"OK","count":"1","geocodes":[{"formatted_address":"北京市东城区天安门","location":"116.410244,39.916404","level":"门牌号"}]}"#,
        )]);
        let mut g = OnlineGeocoder::new(
            format!("amap:KEY123@{url}").parse().unwrap(),
            Duration::ZERO,
        );
        let r = g.geocode("北京市东城区天安门").unwrap();
        let p = r.position.unwrap();
        // GCJ-02 (116.410244, 39.916404) is WGS84 (116.404, 39.915) to ~1 m.
        assert!(
            (p.lon_deg() - 116.404).abs() < 1e-5 && (p.lat_deg() - 39.915).abs() < 1e-5,
            "{p}"
        );
        assert!(seen.lock().unwrap()[0].contains("key=KEY123"));
    }

    #[test]
    fn amap_refusal_and_dead_server_are_errors() {
        let (url, _) = stub(vec![(200, r#"{"status":"0","info":"INVALID_USER_KEY"}"#)]);
        let mut g = OnlineGeocoder::new(format!("amap:BAD@{url}").parse().unwrap(), Duration::ZERO);
        assert!(matches!(g.geocode("x"), Err(OnlineError::Refused { .. })));
        let dead = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let mut g = OnlineGeocoder::new(
            format!("nominatim:http://{dead}").parse().unwrap(),
            Duration::ZERO,
        )
        .with_first_backoff(Duration::from_millis(1));
        assert!(matches!(
            g.geocode("x"),
            Err(OnlineError::Unavailable { attempts: 4, .. })
        ));
    }

    #[test]
    fn provider_parsing() {
        assert!("nominatim:localhost".parse::<Provider>().is_err());
        assert!("amap:".parse::<Provider>().is_err());
        assert!("google:x".parse::<Provider>().is_err());
        let p: Provider = "nominatim:https://nominatim.example.org/".parse().unwrap();
        assert_eq!(p.host(), "nominatim.example.org");
        assert_eq!(
            "amap:k".parse::<Provider>().unwrap().host(),
            "restapi.amap.com"
        );
    }
}
