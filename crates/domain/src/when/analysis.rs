//! One reading of a whole cell: its expressions, recurrences and markers, for the parsers in `when`.

use super::*;

pub(super) struct Analysis<'a> {
    pub(super) toks: Vec<Tok<'a>>,
    /// The date expressions kept, each with its year.
    pub(super) exprs: Vec<Expr>,
    /// How many date expressions were found before undated ones were dropped.
    pub(super) raw_exprs: usize,
    /// The two expressions are the ends of a range ("July 2020-September 2020").
    pub(super) range: bool,
    /// The first recurrence in the cell.
    pub(super) recurrence: Option<Option<Recurrence>>,
    pub(super) tbc: Vec<(usize, usize)>,
    pub(super) in_place: bool,
    pub(super) any_start_marker: bool,
}

impl Analysis<'_> {
    /// Whether a start marker is the word right before `e` or right after it,
    /// ignoring punctuation ("from 16th Aug.", "August 2021 (commence)", "Sept onwards").
    pub(super) fn start_marker_next_to(&self, e: &Expr) -> bool {
        let before = self.toks[..e.first]
            .iter()
            .rev()
            .find(|t| t.kind != TokKind::Punct);
        let after = self.toks[e.last + 1..]
            .iter()
            .find(|t| t.kind != TokKind::Punct);
        [before, after]
            .into_iter()
            .flatten()
            .any(|t| t.kind == TokKind::Word && is_start_marker(&t.lower))
    }
}

pub(super) fn analyse<'a>(folded: &'a str, ctx: &WhenContext) -> Analysis<'a> {
    let toks = tokenize(folded);
    let mut exprs = find_exprs(&toks);
    let raw_exprs = exprs.len();

    // Two expressions joined only by a dash, "to", "until", ... (or "between X and Y").
    let mut range = false;
    if let [a, b] = exprs.as_mut_slice() {
        let between = &toks[a.last + 1..b.first];
        let after_between = a.first > 0 && toks[a.first - 1].is_word("between");
        range = !between.is_empty()
            && between.iter().all(|t| {
                is_dash(t.text)
                    || matches!(
                        t.lower.as_str(),
                        "to" | "until" | "till" | "through" | "thru"
                    )
                    || (after_between && t.is_word("and"))
            });
        if range
            && a.year.is_none()
            && let Some(y) = b.year
        {
            a.year = Some(if a.key() > b.key() { y - 1 } else { y });
        }
    }

    let recurrences: Vec<(usize, Option<Recurrence>)> = (0..toks.len())
        .filter_map(|i| recurrence_at(&toks, i).map(|r| (i, r)))
        .collect();
    let tbc = tbc_spans(&toks);

    // A month with neither day nor year only counts in a cell of timescale words.
    let in_expr = |i: usize| exprs.iter().any(|e| (e.first..=e.last).contains(&i));
    let in_tbc = |i: usize| tbc.iter().any(|&(a, b)| (a..=b).contains(&i));
    let plain = toks.iter().enumerate().all(|(i, t)| {
        t.kind != TokKind::Word
            || in_expr(i)
            || in_tbc(i)
            || is_timescale_word(&t.lower)
            || recurrences.iter().any(|&(r, _)| r == i)
    });
    exprs.retain(|e| e.year.is_some() || e.day.is_some() || plain);
    for e in &mut exprs {
        e.year = e.year.or(ctx.default_year);
    }
    exprs.retain(|e| e.resolve_checked(false).is_some());
    if range {
        range = match exprs.as_slice() {
            [a, b] => a.resolve(true).1 <= b.resolve(false).1,
            _ => false,
        };
    }

    let in_place = toks.windows(2).enumerate().any(|(i, w)| {
        w[0].is_word("in") && w[1].is_word("place") && !(i > 0 && toks[i - 1].is_word("be"))
    });
    let any_start_marker = toks.iter().any(|t| {
        t.kind == TokKind::Word && (is_start_marker(&t.lower) || is_weak_start_marker(&t.lower))
    });

    Analysis {
        exprs,
        raw_exprs,
        range,
        recurrence: recurrences.first().map(|&(_, r)| r),
        tbc,
        in_place,
        any_start_marker,
        toks,
    }
}
