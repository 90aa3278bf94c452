//! Baked badges: a PNG image carrying its credential in an `iTXt` chunk
//! with the keyword `openbadgecredential` (Open Badges 3.0 baking), and
//! reading one back out for verification.

const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";
const KEYWORD: &[u8] = b"openbadgecredential";
/// Badge images are small; a larger file is refused rather than read.
pub const MAX_IMAGE_BYTES: usize = 16 * 1024 * 1024;

struct Chunk<'a> {
    kind: [u8; 4],
    data: &'a [u8],
    /// Where the chunk starts (its length field) in the file.
    start: usize,
    end: usize,
}

fn chunks(png: &[u8]) -> Result<Vec<Chunk<'_>>, String> {
    if png.len() > MAX_IMAGE_BYTES {
        return Err(format!(
            "the image is larger than {} MiB",
            MAX_IMAGE_BYTES / 1024 / 1024
        ));
    }
    let Some(mut rest) = png.strip_prefix(SIGNATURE.as_slice()) else {
        return Err("not a PNG image".into());
    };
    let mut out = Vec::new();
    let mut at = SIGNATURE.len();
    let cut_short = || "the PNG image is cut short".to_string();
    loop {
        // Length (4 bytes), kind (4), data (length), CRC (4).
        let (len, after) = rest.split_first_chunk::<4>().ok_or_else(cut_short)?;
        let (kind, after) = after.split_first_chunk::<4>().ok_or_else(cut_short)?;
        let len = u32::from_be_bytes(*len) as usize;
        let (data, after) = after.split_at_checked(len).ok_or_else(cut_short)?;
        let (_crc, after) = after.split_first_chunk::<4>().ok_or_else(cut_short)?;
        let kind = *kind;
        out.push(Chunk {
            kind,
            data,
            start: at,
            end: at + 12 + len,
        });
        rest = after;
        at += 12 + len;
        if &kind == b"IEND" {
            return Ok(out);
        }
    }
}

/// `png` with `credential` baked in, before the image's end.
pub fn bake(png: &[u8], credential: &str) -> Result<Vec<u8>, String> {
    let chunks = chunks(png)?;
    if chunks.iter().any(|c| is_badge_chunk(c)) {
        return Err("the image already carries a credential".into());
    }
    let iend = chunks
        .iter()
        .find(|c| &c.kind == b"IEND")
        .ok_or("the PNG image has no end")?;
    // iTXt: keyword, NUL, compression flag and method (none), empty
    // language tag and translated keyword (each NUL-terminated), text.
    let mut data = KEYWORD.to_vec();
    data.extend_from_slice(&[0, 0, 0, 0, 0]);
    data.extend_from_slice(credential.as_bytes());
    let (before, end) = png
        .split_at_checked(iend.start)
        .ok_or("the PNG image has no end")?;
    let mut out = before.to_vec();
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut crc = crc32fast::Hasher::new();
    crc.update(b"iTXt");
    crc.update(&data);
    out.extend_from_slice(b"iTXt");
    out.extend_from_slice(&data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
    out.extend_from_slice(end.get(..iend.end - iend.start).unwrap_or(end));
    Ok(out)
}

fn is_badge_chunk(c: &Chunk) -> bool {
    &c.kind == b"iTXt" && c.data.starts_with(KEYWORD) && c.data.get(KEYWORD.len()) == Some(&0)
}

/// The credential baked into `png`, if any.
pub fn unbake(png: &[u8]) -> Result<String, String> {
    let chunks = chunks(png)?;
    let mut baked = chunks.iter().filter(|c| is_badge_chunk(c));
    let chunk = baked
        .next()
        .ok_or("the image carries no credential (no openbadgecredential chunk)")?;
    // Which one would a wallet show? Neither is taken on trust.
    if baked.next().is_some() {
        return Err("the image carries more than one credential; a badge carries one".into());
    }
    let rest = chunk.data.get(KEYWORD.len() + 1..).unwrap_or_default();
    let [compressed, _method, rest @ ..] = rest else {
        return Err("the credential chunk is cut short".into());
    };
    if *compressed != 0 {
        return Err("the credential chunk is compressed, which Slate does not read".into());
    }
    // Skip the language tag and the translated keyword.
    let mut parts = rest.splitn(3, |&b| b == 0);
    let (Some(_), Some(_), Some(text)) = (parts.next(), parts.next(), parts.next()) else {
        return Err("the credential chunk is cut short".into());
    };
    String::from_utf8(text.to_vec()).map_err(|_| "the credential chunk is not UTF-8".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest valid PNG, one black pixel (also used by the
    /// integration tests).
    fn tiny_png() -> Vec<u8> {
        include_bytes!("../../tests/fixtures/credential/badge.png").to_vec()
    }

    #[test]
    fn a_baked_credential_reads_back_and_the_image_stays_a_png() {
        let png = tiny_png();
        let baked = bake(&png, "{\"id\":\"urn:x\"}").unwrap();
        assert_eq!(unbake(&baked).unwrap(), "{\"id\":\"urn:x\"}");
        assert!(baked.ends_with(&png[png.len() - 12..]));
        assert!(chunks(&baked).is_ok());
        assert!(bake(&baked, "{}").is_err());
        assert!(unbake(&png).is_err());
    }

    #[test]
    fn an_image_with_two_credentials_is_refused() {
        let baked = bake(&tiny_png(), "{\"id\":\"urn:x\"}").unwrap();
        let chunk = chunks(&baked)
            .unwrap()
            .into_iter()
            .find(|c| is_badge_chunk(c))
            .map(|c| baked[c.start..c.end].to_vec())
            .unwrap();
        let iend = baked.len() - 12;
        let two = [&baked[..iend], &chunk, &baked[iend..]].concat();
        assert!(
            unbake(&two)
                .unwrap_err()
                .contains("more than one credential")
        );
    }

    #[test]
    fn broken_images_are_refused() {
        let png = tiny_png();
        assert!(bake(b"GIF89a", "{}").is_err());
        assert!(bake(&png[..png.len() - 5], "{}").is_err());
        let mut huge = png.clone();
        huge[8..12].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(bake(&huge, "{}").is_err());
    }
}
