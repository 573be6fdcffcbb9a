//! Status shown by colour: a cell fill read as the BRAG/RAG colour it stands for.
//! Label meanings and the named schemes come from `assure_domain::status`.

/// A colour name for a cell fill (RRGGBB), for plans whose status is only colour.
pub fn colour_name(fill: &str) -> Option<&'static str> {
    let f = fill.trim_start_matches('#');
    // Six hex digits, checked before slicing: a fill is whatever the file says.
    if f.len() != 6 || !f.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let r = u8::from_str_radix(&f[0..2], 16).ok()? as i32;
    let g = u8::from_str_radix(&f[2..4], 16).ok()? as i32;
    let b = u8::from_str_radix(&f[4..6], 16).ok()? as i32;
    if r > 230 && g > 230 && b > 230 {
        return None; // white / no fill
    }
    if r > 180 && g < 100 && b < 100 {
        Some("Red")
    } else if r > 200 && g >= 120 && b < 120 {
        Some("Amber") // orange, and yellow: it stands for amber in most plans
    } else if g > 120 && r < 170 && b < 150 {
        Some("Green")
    } else if b > 150 && r < 120 {
        Some("Blue")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_non_colours() {
        assert_eq!(colour_name("00B050"), Some("Green"));
        assert_eq!(colour_name("#FF0000"), Some("Red"));
        assert_eq!(colour_name("FFFFFF"), None);
        // found by fuzzing: six bytes that are not six characters
        assert_eq!(colour_name("00\u{feff}0"), None);
        assert_eq!(colour_name("zzzzzz"), None);
    }
}
