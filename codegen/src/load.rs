//! Reading the input files: a WSDL and everything it imports or includes, from paths or
//! http(s) URLs, each read once.

use crate::error::{Error, Location};

/// One input file's text and the name it is known by (resolved path or URL).
pub(crate) struct Source {
    pub(crate) name: String,
    pub(crate) text: String,
}

/// Where an XML node is, for messages.
pub(crate) fn location(name: &str, doc: &roxmltree::Document<'_>, node: roxmltree::Node<'_, '_>) -> Location {
    let (line, column) = position(doc.input_text(), node.range().start);
    Location { file: name.to_owned(), line, column }
}

/// Every this many bytes, where a document's line and column stand.
const CHECKPOINT: usize = 256;

/// Where lines and columns stand in the document read last.
#[derive(Default)]
struct Checkpoints {
    /// The document's address and length.
    document: (usize, usize),
    /// (line, column) at each `CHECKPOINT` bytes.
    points: Vec<(u32, u32)>,
}

thread_local! {
    static CHECKPOINTS: std::cell::RefCell<Checkpoints> = Default::default();
}

/// The 1-based line and column (in characters) of byte `offset`. roxmltree's own
/// `text_pos_at` counts from the start each time, which for the one-line WSDLs WCF
/// writes made reading them quadratic; checkpoints make each lookup a short scan.
fn position(text: &str, offset: usize) -> (u32, u32) {
    let count = |from: (u32, u32), part: &str| {
        part.chars().fold(from, |(line, column), c| if c == '\n' { (line + 1, 1) } else { (line, column + 1) })
    };
    CHECKPOINTS.with(|cell| {
        let mut cell = cell.borrow_mut();
        let key = (text.as_ptr() as usize, text.len());
        if cell.document != key {
            let mut points = Vec::with_capacity(text.len() / CHECKPOINT + 1);
            let (mut at, mut pos) = (0, (1, 1));
            while at < text.len() {
                points.push(pos);
                let next = (at + CHECKPOINT).min(text.len());
                let next = (next..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
                pos = count(pos, &text[at..next]);
                at = next;
            }
            *cell = Checkpoints { document: key, points };
        }
        // Checkpoint k stands at the first char boundary at or after k * CHECKPOINT.
        let mut k = (offset / CHECKPOINT).min(cell.points.len().saturating_sub(1));
        let start = |k: usize| (k * CHECKPOINT..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
        while k > 0 && start(k) > offset {
            k -= 1;
        }
        let from = cell.points.get(k).copied().unwrap_or((1, 1));
        count(from, &text[start(k)..offset])
    })
}

fn is_url(name: &str) -> bool {
    name.starts_with("http://") || name.starts_with("https://")
}

/// `relative` (a `location` or `schemaLocation`) resolved against the file that names it.
pub(crate) fn resolve(base: &str, relative: &str) -> String {
    if is_url(relative) {
        return relative.to_owned();
    }
    #[cfg(feature = "http")]
    if is_url(base) {
        if let Ok(url) = reqwest::Url::parse(base).and_then(|b| b.join(relative)) {
            return url.into();
        }
    }
    let dir = std::path::Path::new(base).parent().unwrap_or(std::path::Path::new(""));
    dir.join(relative).to_string_lossy().into_owned()
}

/// Why a file could not be read.
type Cause = Box<dyn std::error::Error + Send + Sync>;

/// Reads `name`, a path or an http(s) URL. `from` is where it was named, for the message.
pub(crate) fn read(name: &str, from: Option<&Location>) -> Result<Source, Error> {
    let text = if is_url(name) { fetch(name) } else { std::fs::read(name).map_err(Cause::from) };
    let text = text.map_err(|e| Error::new(from.cloned(), format!("cannot read {name}")).with_source(e))?;
    let text = String::from_utf8(text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&text).to_vec())
        .map_err(|e| Error::new(from.cloned(), format!("{name} is not UTF-8")).with_source(e))?;
    Ok(Source { name: name.to_owned(), text })
}

#[cfg(feature = "http")]
fn fetch(url: &str) -> Result<Vec<u8>, Cause> {
    install_crypto_provider();
    let client = reqwest::blocking::Client::builder().timeout(std::time::Duration::from_secs(60)).build()?;
    let response = client.get(url).send()?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("HTTP {status}").into());
    }
    Ok(response.bytes()?.to_vec())
}

/// The same TLS stack as soapkit's runtime: rustls with ring, installed unless the program
/// already chose a provider. Newer rustls 0.23 releases deprecate ring's provider (it has no
/// post-quantum key exchange); it is kept because it builds without a C toolchain, and the
/// warning is allowed here, where that choice is made.
#[cfg(feature = "http")]
#[allow(deprecated)]
fn install_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

#[cfg(not(feature = "http"))]
fn fetch(_: &str) -> Result<Vec<u8>, Cause> {
    Err("reading URLs needs soapkit-codegen's `http` feature".into())
}

/// Parses a source, refusing DTDs (no WSDL needs one).
pub(crate) fn parse(source: &Source) -> Result<roxmltree::Document<'_>, Error> {
    roxmltree::Document::parse(&source.text).map_err(|e| {
        let pos = e.pos();
        Error::new(Some(Location { file: source.name.clone(), line: pos.row, column: pos.col }), "not well-formed XML")
            .with_source(e)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn positions_match_a_count_from_the_start() {
        let text = "<a>\n  <b>é</b>\n".repeat(100) + &"<c/>".repeat(200) + "\n<ü/>";
        let slow = |offset: usize| {
            text[..offset].chars().fold((1, 1), |(l, c), ch| if ch == '\n' { (l + 1, 1) } else { (l, c + 1) })
        };
        for offset in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            assert_eq!(super::position(&text, offset), slow(offset), "{offset}");
        }
    }
}
