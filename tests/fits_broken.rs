#![cfg(not(target_arch = "wasm32"))]
//! Broken FITS input, made from a sound fixture by changing one thing: each is refused
//! with the HDU, card or byte offset and a cause a user can act on, and nothing panics.

use std::path::Path;

use voscope::standards::fits::{self, Fits, FitsError};

fn fixture() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fits/all_tforms.fits"))
        .unwrap()
}

/// Byte offset of the card whose keyword is `key` in the header that starts at `from`.
fn card_at(bytes: &[u8], from: usize, key: &str) -> usize {
    let mut k = key.as_bytes().to_vec();
    k.resize(8, b' ');
    (from..bytes.len())
        .step_by(80)
        .find(|&at| bytes[at..at + 8] == k[..])
        .unwrap_or_else(|| panic!("no {key} card"))
}

/// Replaces the card `key` of the table's header (HDU 1, from byte 2880) with `text`.
fn set_card(bytes: &mut [u8], key: &str, text: &str) -> usize {
    let at = card_at(bytes, 2880, key);
    let mut card = text.as_bytes().to_vec();
    card.resize(80, b' ');
    bytes[at..at + 80].copy_from_slice(&card);
    at
}

/// Where HDU 1's data start: the block after its END card.
fn data_start(bytes: &[u8]) -> usize {
    (card_at(bytes, 2880, "END") + 80).div_ceil(2880) * 2880
}

fn refused(bytes: &[u8]) -> FitsError {
    match Fits::parse(bytes) {
        Ok(_) => panic!("accepted"),
        Err(e) => e,
    }
}

#[test]
fn not_fits_says_so() {
    for bytes in [
        &b""[..],
        b"hello",
        b"<?xml version='1.0'?><VOTABLE/>",
        &[0u8; 2880],
    ] {
        assert_eq!(
            refused(bytes).to_string(),
            "not a FITS file: the first card is not SIMPLE = T"
        );
    }
    let gz = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/hess-dl3-dr1/obs-index.fits.gz"),
    )
    .unwrap();
    assert!(fits::is_gzip(&gz) && !fits::is_gzip(&fixture()));
    assert!(refused(&gz).to_string().contains("gzip-compressed"));
    let mut f = fixture();
    f[10..30].copy_from_slice(b"                   F");
    assert!(refused(&f).to_string().starts_with("not a FITS file"));
}

#[test]
fn gzip_errors_are_errors() {
    let e = fits::gunzip(&[0x1f, 0x8b, 8, 0, 1, 2, 3]).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("the gzip data cannot be decompressed"),
        "{e}"
    );
}

#[test]
fn a_corrupt_card() {
    let mut f = fixture();
    let at = card_at(&f, 2880, "TFORM3");
    f[at + 15] = 0;
    let e = refused(&f);
    let card = (at - 2880) / 80 + 1;
    assert_eq!(
        e.to_string(),
        format!("HDU 1, card {card} (byte {at}): byte 0x00 at column 16 is not printable ASCII: the header is corrupt")
    );
    let mut f = fixture();
    set_card(&mut f, "EXTNAME", "EXTNAME = 'ALLTYPES");
    assert!(refused(&f).to_string().contains("no closing quote"));
}

#[test]
fn a_bad_tform() {
    let mut f = fixture();
    set_card(&mut f, "TFORM2", "TFORM2  = '3Z      '");
    assert_eq!(
        refused(&f).to_string(),
        "HDU 1 (ALLTYPES): TFORM2 = '3Z': 'Z' is not a data type letter (L X B I J K A E D C M P Q)"
    );
    let mut f = fixture();
    set_card(&mut f, "TFORM2", "TFORM2  =                    3");
    assert!(refused(&f)
        .to_string()
        .contains("keyword TFORM2: is missing or not a string"));
}

#[test]
fn naxis1_that_does_not_match_the_columns() {
    let mut f = fixture();
    let t = Fits::parse(&f).unwrap().hdus[1]
        .table()
        .unwrap()
        .row_bytes();
    set_card(&mut f, "NAXIS1", &format!("NAXIS1  = {:>20}", t + 1));
    assert_eq!(
        refused(&f).to_string(),
        format!(
            "HDU 1 (ALLTYPES): the columns take {t} bytes per row but NAXIS1 = {}: the header is corrupt",
            t + 1
        )
    );
}

#[test]
fn pcount_beyond_the_file() {
    let mut f = fixture();
    set_card(&mut f, "PCOUNT", "PCOUNT  =              1000000");
    let e = refused(&f);
    let FitsError::DataCut {
        data_end, file_len, ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(*file_len, f.len());
    assert_eq!(*data_end, data_start(&f) + 5 * 189 + 1_000_000);
    assert!(e.to_string().ends_with("the file is cut"), "{e}");
}

#[test]
fn theap_tdim_tnull_and_sizes_that_do_not_fit() {
    for (key, card, says) in [
        (
            "PCOUNT",
            "THEAP   =                99999",
            "keyword THEAP: 99999 is outside the heap area",
        ),
        (
            "TDIM9",
            "TDIM9   = '(3,2)'",
            "keyword TDIM9: '(3,2)' has more elements than TFORM9 = '3J' holds",
        ),
        ("TDIM9", "TDIM9   = '(3'", "'(3' is not (n1,n2,...)"),
        (
            "TNULL7",
            "TNULL7  = 'x'",
            "keyword TNULL7: is \"x\", not an integer",
        ),
        (
            "TSCAL20",
            "TSCAL20 = T",
            "keyword TSCAL20: is \"T\", not a number",
        ),
        (
            "NAXIS2",
            "NAXIS2  =                   -5",
            "keyword NAXIS2: is \"-5\", not a non-negative integer",
        ),
        (
            "BITPIX",
            "BITPIX  =                   16",
            "keyword BITPIX: must be 8 in a binary table",
        ),
        (
            "NAXIS1",
            "NAXIS1  =  9223372036854775807",
            "the data size overflows",
        ),
    ] {
        let mut f = fixture();
        if key == "PCOUNT" {
            // THEAP goes in the card after PCOUNT (GCOUNT, which is 1 by default).
            set_card(&mut f, "GCOUNT", card);
        } else {
            set_card(&mut f, key, card);
        }
        let e = refused(&f).to_string();
        assert!(e.contains(says), "{card}: {e}");
        assert!(e.starts_with("HDU 1"), "{e}");
    }
}

#[test]
fn a_heap_descriptor_past_the_heap() {
    let mut f = fixture();
    let (col, row_bytes, heap_len) = {
        let parsed = Fits::parse(&f).unwrap();
        let t = parsed.hdus[1].table().unwrap();
        let j = t.column_index("vla_e").unwrap();
        (t.columns[j].offset, t.row_bytes(), t.heap().len())
    };
    // Row 5's descriptor: count 12, at an offset past the heap's end.
    let at = data_start(&f) + 4 * row_bytes + col;
    f[at + 4..at + 8].copy_from_slice(&(heap_len as u32 - 8).to_be_bytes());
    let parsed = Fits::parse(&f).unwrap();
    let t = parsed.hdus[1].table().unwrap();
    let j = t.column_index("vla_e").unwrap();
    let want = format!(
        "HDU 1 (ALLTYPES): column vla_e, row 5: the array at heap offset {} (48 bytes) lies outside the {heap_len}-byte heap: the file is corrupt",
        heap_len - 8
    );
    assert_eq!(t.cell(4, j).unwrap_err().to_string(), want);
    assert!(t.cell(3, j).is_ok());
    assert_eq!(t.column_f64("vla_e").unwrap_err().to_string(), want);
    assert_eq!(fits::to_votable(&parsed, 1).unwrap_err().to_string(), want);
    // A count so large its size overflows.
    f[at..at + 4].copy_from_slice(&u32::MAX.to_be_bytes());
    let parsed = Fits::parse(&f).unwrap();
    assert!(parsed.hdus[1].table().unwrap().cell(4, j).is_err());
}

#[test]
fn trailing_bytes_that_are_not_an_extension() {
    let mut f = fixture();
    f.extend_from_slice(&[0u8; 2880]);
    assert_eq!(Fits::parse(&f).unwrap().hdus.len(), 2);
    let n = f.len();
    f[n - 2880..n - 2870].copy_from_slice(b"GARBAGE!!!");
    assert_eq!(
        refused(&f).to_string(),
        format!("byte {}, after HDU 1: the bytes there do not start with XTENSION: the file is corrupt or has trailing data", n - 2880)
    );
}

#[test]
fn cells_and_columns_that_are_not_there() {
    let f = fixture();
    let parsed = Fits::parse(&f).unwrap();
    let t = parsed.hdus[1].table().unwrap();
    assert_eq!(
        t.column_f64("nope").unwrap_err().to_string(),
        "HDU 1 (ALLTYPES): there is no column named nope"
    );
    assert_eq!(
        t.cell(5, 0).unwrap_err().to_string(),
        "HDU 1 (ALLTYPES): cell (row 5, column 0) is outside the table (5 rows, 25 columns)"
    );
    assert_eq!(
        t.column_f64("name").unwrap_err().to_string(),
        "HDU 1 (ALLTYPES): column name (TFORM '10A') does not hold numbers: read its cells instead"
    );
    assert_eq!(
        fits::to_votable(&parsed, 0).unwrap_err().to_string(),
        "HDU 0 is the primary HDU, not a binary table"
    );
    assert!(fits::to_votable(&parsed, 9)
        .unwrap_err()
        .to_string()
        .contains("the file has 2 HDUs"));
}
