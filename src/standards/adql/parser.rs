//! An ADQL 2.1 syntax checker: a recursive-descent reading of the grammar of the ADQL 2.1
//! Recommendation (2023-12-15, the BNF of ivoa-std/ADQL at tag `v2.1_20231215-rec`), with
//! the few semantic rules a service would refuse anyway (function arities, geometry where a
//! string or number must be, WITH only at the start, unsigned TOP/OFFSET, reserved words as
//! names). Every diagnostic names the BNF rule it comes from.
//!
//! Three verdicts, never a silent pass:
//! - **Error**: the REC's grammar does not allow it and the service is not known to accept
//!   it. The first error stops the check (and blocks Run).
//! - **Warning**, not standard: a construct outside ADQL 2.1 ([`Extension`]) that the
//!   service declares or is known to accept (DaCHS's extensions), or that nothing is known
//!   about because the service's capabilities are not (yet) known.
//! - **Warning**, undeclared optional feature: OFFSET, WITH, UNION/EXCEPT/INTERSECT, CAST,
//!   COALESCE, IN_UNIT, LOWER/UPPER/ILIKE, the geometry functions, when the service's
//!   capabilities are known and do not declare it (REC §4: a client SHOULD then assume the
//!   service does not support it).
//!
//! Functions that are not ADQL's are user-defined functions: accepted when the service
//! declares them (TAPRegExt `languageFeatures`, passed in a [`Dialect`]) or when they
//! carry the IVOA `ivo_` prefix.

use super::functions::{self, Arity, Ty};
use super::lexer::{tokenize, Token, TokenKind};
use super::reserved::is_reserved;

/// A construct that is not ADQL 2.1 (the REC's grammar has no rule for it) but that some
/// services accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Extension {
    /// `CASE … WHEN … THEN … END` (SQL-92; DaCHS declares it as `CASE`).
    Case,
    /// `LIKE pattern ESCAPE 'c'`.
    LikeEscape,
    /// `CROSS JOIN`.
    CrossJoin,
    /// `0x1F`.
    HexLiteral,
    /// `&`, `|`, `^`, `~` on numbers.
    BitwiseOperator,
    /// `(SELECT …)` used as a value.
    ScalarSubquery,
    /// `ORDER BY` in an operand of UNION/EXCEPT/INTERSECT that is not in parentheses.
    OrderByInSetOperand,
    /// `OFFSET` in an operand of UNION/EXCEPT/INTERSECT that is not in parentheses.
    OffsetInSetOperand,
    /// `SELECT *, x`.
    StarWithColumns,
    /// `WITH name (a, b) AS (…)`.
    WithColumnList,
    /// `UNION DISTINCT`, `INTERSECT DISTINCT`, `EXCEPT DISTINCT`.
    SetQuantifierDistinct,
    /// `'ab' 'cd'`: string literals written one after the other.
    AdjacentStringLiterals,
    /// `expr IS NULL` where the expression is not a column.
    NullPredicateOnExpression,
    /// `- -x`, `+-x`: more than one sign before a value.
    RepeatedSign,
}

impl Extension {
    pub const ALL: [Extension; 14] = [
        Extension::Case,
        Extension::LikeEscape,
        Extension::CrossJoin,
        Extension::HexLiteral,
        Extension::BitwiseOperator,
        Extension::ScalarSubquery,
        Extension::OrderByInSetOperand,
        Extension::OffsetInSetOperand,
        Extension::StarWithColumns,
        Extension::WithColumnList,
        Extension::SetQuantifierDistinct,
        Extension::AdjacentStringLiterals,
        Extension::NullPredicateOnExpression,
        Extension::RepeatedSign,
    ];

    /// The REC's BNF rule that leaves it out.
    pub fn rule(self) -> &'static str {
        match self {
            Extension::Case => "value_expression",
            Extension::LikeEscape => "like_predicate",
            Extension::CrossJoin => "join_type",
            Extension::HexLiteral => "unsigned_numeric_literal",
            Extension::BitwiseOperator => "numeric_value_expression",
            Extension::ScalarSubquery => "value_expression_primary",
            Extension::OrderByInSetOperand | Extension::OffsetInSetOperand => "query_set_primary",
            Extension::StarWithColumns => "select_list",
            Extension::WithColumnList => "with_query",
            Extension::SetQuantifierDistinct => "query_set_expression",
            Extension::AdjacentStringLiterals => "character_string_literal",
            Extension::NullPredicateOnExpression => "null_predicate",
            Extension::RepeatedSign => "factor",
        }
    }

    /// What the REC says instead, for the message.
    fn explain(self) -> &'static str {
        match self {
            Extension::Case => "CASE … END is not part of ADQL 2.1",
            Extension::LikeEscape => "LIKE … ESCAPE is not part of ADQL 2.1 (LIKE takes a pattern only)",
            Extension::CrossJoin => "CROSS JOIN is not part of ADQL 2.1: list the tables with commas (FROM a, b)",
            Extension::HexLiteral => "hexadecimal numbers are not part of ADQL 2.1: write the number in decimal",
            Extension::BitwiseOperator => "bitwise operators (&, |, ^, ~) are not part of ADQL 2.1",
            Extension::ScalarSubquery => "a subquery is not a value in ADQL 2.1 (it is allowed after IN, EXISTS and in FROM)",
            Extension::OrderByInSetOperand => "ORDER BY inside one operand of UNION/EXCEPT/INTERSECT needs parentheses around that operand in ADQL 2.1",
            Extension::OffsetInSetOperand => "OFFSET inside one operand of UNION/EXCEPT/INTERSECT needs parentheses around that operand in ADQL 2.1",
            Extension::StarWithColumns => "* must stand alone in ADQL 2.1's select list: write t.* or name the columns",
            Extension::WithColumnList => "a WITH query has no column list in ADQL 2.1: name the columns with AS inside it",
            Extension::SetQuantifierDistinct => "UNION/EXCEPT/INTERSECT take ALL or nothing in ADQL 2.1, not DISTINCT",
            Extension::AdjacentStringLiterals => "string literals written one after another are not one literal in ADQL 2.1: join them with ||",
            Extension::NullPredicateOnExpression => "IS NULL applies to a column in ADQL 2.1, not to an expression",
            Extension::RepeatedSign => "ADQL 2.1 allows one sign before a value: use parentheses, -(-x)",
        }
    }
}

/// What the service accepts beyond ADQL 2.1 itself, and which of the REC's optional
/// features it declares. `Dialect::default()` is the REC alone, with every optional
/// feature taken as available.
#[derive(Clone, Debug, Default)]
pub struct Dialect {
    /// User-defined function names the service declares (case-insensitive).
    pub udfs: Vec<String>,
    /// Accept any function whose name starts with `ivo_` (IVOA's UDF catalogue prefix).
    pub allow_ivo_prefix: bool,
    /// Accept any unknown function (when the service's capabilities are not known).
    pub allow_any_udf: bool,
    /// Constructs outside ADQL 2.1 the service declares or is known to accept: warned
    /// about, not refused.
    pub extensions: Vec<Extension>,
    /// The optional features (REC §4) the service declares, by name in upper case (`OFFSET`,
    /// `WITH`, `UNION`, `CAST`, `LOWER`, `CONTAINS`…); `None` when not known (no warning).
    pub features: Option<Vec<String>>,
    /// Nothing is known about the service: `extensions` is a guess, and the warnings say so.
    pub unknown_service: bool,
}

impl Dialect {
    /// What voscope assumes when it knows nothing about the service: any UDF, and every
    /// extension as a warning (never a block: the service may accept it).
    pub fn lenient() -> Dialect {
        Dialect {
            udfs: Vec::new(),
            allow_ivo_prefix: true,
            allow_any_udf: true,
            extensions: Extension::ALL.to_vec(),
            features: None,
            unknown_service: true,
        }
    }

    fn knows_udf(&self, name: &str) -> bool {
        self.allow_any_udf
            || (self.allow_ivo_prefix && name.len() > 4 && name[..4].eq_ignore_ascii_case("ivo_"))
            || self.udfs.iter().any(|u| u.eq_ignore_ascii_case(name))
    }

    fn declares(&self, feature: &str) -> bool {
        self.features
            .as_ref()
            .is_none_or(|f| f.iter().any(|x| x.eq_ignore_ascii_case(feature)))
    }
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The REC forbids it and the service is not known to accept it: the query is invalid.
    Error,
    /// Not standard, or an optional feature the service does not declare: it may run.
    Warning,
}

/// One finding about a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The BNF rule of the ADQL 2.1 REC it concerns (`like_predicate`, `offset_clause`…).
    pub rule: &'static str,
    /// 1-based line and column (in characters).
    pub line: usize,
    pub column: usize,
    /// Byte offset in the query.
    pub offset: usize,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{} {}", self.line, self.column, self.message)
    }
}

/// Everything the checker found: warnings, then (if any) the error that stopped it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// What the query reads (complete only when there is no error).
    pub analysis: Analysis,
    /// In query order; at most one `Error`, the last.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn error(&self) -> Option<&Diagnostic> {
        self.diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }
}

/// The first problem found in a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdqlError {
    /// 1-based line and column (in characters).
    pub line: usize,
    pub column: usize,
    /// Byte offset in the query.
    pub offset: usize,
    pub message: String,
    /// The BNF rule of the ADQL 2.1 REC being read when it was found.
    pub rule: &'static str,
}

impl std::fmt::Display for AdqlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{} {}", self.line, self.column, self.message)
    }
}

impl From<AdqlError> for Diagnostic {
    fn from(e: AdqlError) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            rule: e.rule,
            line: e.line,
            column: e.column,
            offset: e.offset,
            message: e.message,
        }
    }
}

/// A table the query reads, for completion and for the schema browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRef {
    pub name: String,
    pub alias: Option<String>,
}

/// What a valid query says about itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    pub tables: Vec<TableRef>,
}

/// Checks `query`; `Ok` means a service speaking ADQL 2.1 (with `dialect`'s extensions)
/// should accept its syntax. Warnings are dropped: see [`lint`].
pub fn check(query: &str, dialect: &Dialect) -> Result<Analysis, AdqlError> {
    let (outcome, _) = run(query, dialect);
    outcome
}

/// Checks `query` and reports its warnings as well as its first error.
pub fn lint(query: &str, dialect: &Dialect) -> Report {
    let (outcome, mut diagnostics) = run(query, dialect);
    diagnostics.sort_by_key(|d| d.offset);
    diagnostics.dedup_by(|a, b| a.offset == b.offset && a.message == b.message);
    match outcome {
        Ok(analysis) => Report {
            analysis,
            diagnostics,
        },
        Err(e) => {
            diagnostics.retain(|d| d.offset <= e.offset);
            diagnostics.push(e.into());
            Report {
                analysis: Analysis::default(),
                diagnostics,
            }
        }
    }
}

fn run(query: &str, dialect: &Dialect) -> (Result<Analysis, AdqlError>, Vec<Diagnostic>) {
    let tokens = match tokenize(query) {
        Ok(t) => t,
        Err(e) => return (Err(locate(query, e.offset, e.message, "token")), Vec::new()),
    };
    let tokens: Vec<Token> = tokens
        .into_iter()
        .filter(|t| t.kind != TokenKind::Comment)
        .collect();
    let mut p = Parser {
        src: query,
        toks: tokens,
        pos: 0,
        dialect,
        analysis: Analysis::default(),
        depth: 0,
        memo: std::collections::HashMap::new(),
        diags: Vec::new(),
        warned: std::collections::HashMap::new(),
        rule: "query_specification",
    };
    let outcome = p
        .statement()
        .map(|()| std::mem::take(&mut p.analysis))
        .map_err(|e| place(query, e));
    let diags = p
        .diags
        .into_iter()
        .map(|d| {
            let d = std::rc::Rc::unwrap_or_clone(d);
            let e = place(query, unplaced(d.offset, String::new(), d.rule));
            Diagnostic {
                line: e.line,
                column: e.column,
                ..d
            }
        })
        .collect();
    (outcome, diags)
}

/// An error at `offset`, its line and column left for `place`: the parser makes and drops
/// many errors while it tries readings (a `(` as a condition, then as a value), and
/// counting lines for each made deep nesting quadratic (found by fuzzing).
fn unplaced(offset: usize, message: String, rule: &'static str) -> AdqlError {
    AdqlError {
        line: 0,
        column: 0,
        offset,
        message,
        rule,
    }
}

/// The line and column of an error the parser made.
fn place(src: &str, e: AdqlError) -> AdqlError {
    locate(src, e.offset, e.message, e.rule)
}

fn locate(src: &str, offset: usize, message: String, rule: &'static str) -> AdqlError {
    let before = &src[..offset.min(src.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    AdqlError {
        line,
        column,
        offset,
        message,
        rule,
    }
}

type PResult<T> = Result<T, AdqlError>;

struct Parser<'a> {
    src: &'a str,
    toks: Vec<Token>,
    pos: usize,
    dialect: &'a Dialect,
    analysis: Analysis,
    /// Nesting of parentheses and subqueries (a bound against hostile depth).
    depth: usize,
    /// How each reading of a `(` in a condition ended, by (reading, token, depth): a `(`
    /// is read first as a condition, then as a value, and without this every level of
    /// nesting doubled the work (found by fuzzing: 100 `(` took minutes).
    memo: std::collections::HashMap<(Reading, usize, usize), Memo>,
    /// Warnings so far (a reading that is given up drops the ones it added). Shared, as
    /// the memo keeps and replays them: copying each reading's warnings made long
    /// nested queries slow (found by fuzzing).
    diags: Vec<std::rc::Rc<Diagnostic>>,
    /// Each warning made, by token, rule and construct (see `warn_at`).
    warned: std::collections::HashMap<
        (usize, &'static str, Option<Extension>),
        std::rc::Rc<Diagnostic>,
    >,
    /// The BNF rule being read, named in errors.
    rule: &'static str,
}

/// How a reading ended, and the warnings and tables it added.
#[derive(Clone)]
struct Memo {
    outcome: Result<usize, AdqlError>,
    diags: Vec<std::rc::Rc<Diagnostic>>,
    tables: Vec<TableRef>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Reading {
    /// `( search_condition )`
    Condition,
    /// a predicate
    Predicate,
}

const MAX_DEPTH: usize = 200;

impl<'a> Parser<'a> {
    fn tok(&self) -> &Token {
        &self.toks[self.pos]
    }

    fn text(&self) -> &'a str {
        self.toks[self.pos].text(self.src)
    }

    fn peek_text(&self, ahead: usize) -> &'a str {
        self.toks
            .get(self.pos + ahead)
            .map_or("", |t| t.text(self.src))
    }

    fn kind(&self) -> TokenKind {
        self.toks[self.pos].kind
    }

    fn bump(&mut self) {
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
    }

    fn error_here(&self, message: impl Into<String>) -> AdqlError {
        let t = self.tok();
        unplaced(t.start, message.into(), self.rule)
    }

    /// A reserved word where a name must be (REC §2.1.3: a regular identifier is no keyword).
    fn keyword_error(&self, message: String) -> AdqlError {
        unplaced(self.tok().start, message, "keyword")
    }

    /// Enters a BNF rule (for error messages); returns the one to go back to.
    fn in_rule(&mut self, rule: &'static str) -> &'static str {
        std::mem::replace(&mut self.rule, rule)
    }

    /// A warning at token `index`. Readings tried again (a `(` as a condition, then as a
    /// value) meet the same construct many times: its warning is made once and shared.
    fn warn_at(
        &mut self,
        index: usize,
        rule: &'static str,
        ext: Option<Extension>,
        message: impl FnOnce() -> String,
    ) {
        let start = self.toks[index].start;
        let d = self
            .warned
            .entry((index, rule, ext))
            .or_insert_with(|| {
                let e = unplaced(start, message(), rule);
                std::rc::Rc::new(Diagnostic {
                    severity: Severity::Warning,
                    ..e.into()
                })
            })
            .clone();
        self.diags.push(d);
    }

    /// A construct outside ADQL 2.1 at token `index`: a warning when the service accepts
    /// it (or nothing is known about the service), else an error.
    fn extension(&mut self, ext: Extension, index: usize) -> PResult<()> {
        if !self.dialect.extensions.contains(&ext) {
            return Err(unplaced(
                self.toks[index].start,
                format!("{} (rule {})", ext.explain(), ext.rule()),
                ext.rule(),
            ));
        }
        let tail = if self.dialect.unknown_service {
            "the service's capabilities are not known: it may refuse it"
        } else {
            "this service accepts it"
        };
        self.warn_at(index, ext.rule(), Some(ext), || {
            format!(
                "not standard ADQL 2.1: {} (rule {}); {tail}",
                ext.explain(),
                ext.rule()
            )
        });
        Ok(())
    }

    /// An optional ADQL 2.1 feature (REC §4) at token `index`: a warning when the
    /// service's capabilities are known and do not declare it.
    fn optional(&mut self, feature: &str, index: usize, rule: &'static str) {
        if self.dialect.declares(feature) {
            return;
        }
        self.warn_at(index, rule, None, || {
            format!(
                "{feature} is an optional ADQL 2.1 feature (rule {rule}) that this service does not declare: it may refuse it"
            )
        });
    }

    /// "expected …, found …" at the current token.
    fn expected(&self, what: &str) -> AdqlError {
        let found = match self.kind() {
            TokenKind::Eof => "the end of the query".to_owned(),
            _ => format!("{:?}", self.text()),
        };
        self.error_here(format!("expected {what}, found {found}"))
    }

    fn is_kw(&self, kw: &str) -> bool {
        self.kind() == TokenKind::Word && self.text().eq_ignore_ascii_case(kw)
    }

    fn is_kw_at(&self, ahead: usize, kw: &str) -> bool {
        self.toks
            .get(self.pos + ahead)
            .is_some_and(|t| t.kind == TokenKind::Word && t.text(self.src).eq_ignore_ascii_case(kw))
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        if self.is_kw(kw) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn expect_kw(&mut self, kw: &str) -> PResult<()> {
        if self.eat_kw(kw) {
            Ok(())
        } else {
            Err(self.expected(kw))
        }
    }

    fn is_op(&self, op: &str) -> bool {
        self.kind() == TokenKind::Op && self.text() == op
    }

    fn eat_op(&mut self, op: &str) -> bool {
        if self.is_op(op) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn expect_op(&mut self, op: &str) -> PResult<()> {
        if self.eat_op(op) {
            Ok(())
        } else {
            Err(self.expected(&format!("{op:?}")))
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_here("the query is nested too deeply"));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    // ---- statement and query expressions -------------------------------------------------

    /// query_specification ::= [ with_clause ] select_expression
    fn statement(&mut self) -> PResult<()> {
        if self.kind() == TokenKind::Eof {
            return Err(self.error_here("the query is empty"));
        }
        if self.is_kw("WITH") {
            self.optional("WITH", self.pos, "with_clause");
            self.bump();
            let back = self.in_rule("with_query");
            loop {
                self.name("a name for the WITH query")?;
                if self.is_op("(") {
                    self.extension(Extension::WithColumnList, self.pos)?;
                    self.bump();
                    self.name_list()?;
                    self.expect_op(")")?;
                }
                self.expect_kw("AS")?;
                self.expect_op("(")?;
                self.enter()?;
                self.query_expression()?;
                self.leave();
                self.expect_op(")")?;
                if !self.eat_op(",") {
                    break;
                }
            }
            self.rule = back;
        }
        self.query_expression()?;
        if self.kind() != TokenKind::Eof {
            // What is left: a second ORDER BY/OFFSET (select_expression has one of each),
            // or anything else the query cannot hold.
            self.rule = if self.is_kw("ORDER") || self.is_kw("OFFSET") {
                "select_expression"
            } else {
                "query_specification"
            };
            return Err(self.expected("the end of the query"));
        }
        Ok(())
    }

    fn is_set_operator(&self) -> bool {
        self.is_kw("UNION") || self.is_kw("EXCEPT") || self.is_kw("INTERSECT")
    }

    /// The set operator's name (a declared optional feature), then [ALL].
    fn set_operator(&mut self) -> PResult<()> {
        let name = self.text().to_ascii_uppercase();
        self.optional(&name, self.pos, "query_set_expression");
        self.bump();
        if !self.eat_kw("ALL") && self.is_kw("DISTINCT") {
            self.extension(Extension::SetQuantifierDistinct, self.pos)?;
            self.bump();
        }
        Ok(())
    }

    /// select_expression ::= query_set_expression [ order_by_clause ] [ offset_clause ]
    /// query_set_expression ::= query_set_term { (UNION | EXCEPT) [ALL] query_set_term }
    fn query_expression(&mut self) -> PResult<()> {
        let back = self.in_rule("select_expression");
        self.query_term()?;
        while self.is_kw("UNION") || self.is_kw("EXCEPT") {
            self.set_operator()?;
            self.query_term()?;
        }
        self.order_and_offset()?;
        self.rule = back;
        Ok(())
    }

    /// query_set_term ::= query_set_primary { INTERSECT [ALL] query_set_primary }
    fn query_term(&mut self) -> PResult<()> {
        self.query_primary()?;
        while self.is_kw("INTERSECT") {
            self.set_operator()?;
            self.query_primary()?;
        }
        Ok(())
    }

    /// query_set_primary ::= select_query | ( select_expression )
    fn query_primary(&mut self) -> PResult<()> {
        if self.is_op("(") {
            self.bump();
            self.enter()?;
            if self.is_kw("WITH") {
                self.rule = "query_specification";
                return Err(self.error_here(
                    "WITH is only allowed at the very start of the query, not inside parentheses",
                ));
            }
            self.query_expression()?;
            self.leave();
            return self.expect_op(")");
        }
        if self.is_kw("WITH") {
            self.rule = "query_specification";
            return Err(self.error_here("WITH is only allowed at the very start of the query"));
        }
        self.select_query()?;
        // ORDER BY / OFFSET here belong to the whole expression, unless a set operator
        // follows: then they were inside one operand, which the REC allows only in
        // parentheses.
        if !(self.is_kw("ORDER") || self.is_kw("OFFSET")) {
            return Ok(());
        }
        let order_at = self.is_kw("ORDER").then_some(self.pos);
        let save = (self.pos, self.diags.len(), self.analysis.tables.len());
        self.order_and_offset()?;
        if !self.is_set_operator() {
            // Not in an operand: read again as the expression's own clauses.
            self.pos = save.0;
            self.diags.truncate(save.1);
            self.analysis.tables.truncate(save.2);
            return Ok(());
        }
        if let Some(at) = order_at {
            self.extension(Extension::OrderByInSetOperand, at)?;
        }
        // OFFSET n, just read.
        let offset_at = self.pos.checked_sub(2).filter(|&k| {
            self.toks[k].kind == TokenKind::Word
                && self.toks[k].text(self.src).eq_ignore_ascii_case("OFFSET")
        });
        if let Some(at) = offset_at {
            self.extension(Extension::OffsetInSetOperand, at)?;
        }
        Ok(())
    }

    /// [ ORDER BY order_by_term_list ] [ OFFSET unsigned_decimal ]
    fn order_and_offset(&mut self) -> PResult<()> {
        if self.is_kw("ORDER") {
            let back = self.in_rule("order_by_clause");
            self.bump();
            self.expect_kw("BY")?;
            loop {
                self.value_expr()?;
                if !self.eat_kw("ASC") {
                    self.eat_kw("DESC");
                }
                if !self.eat_op(",") {
                    break;
                }
            }
            self.rule = back;
        }
        if self.is_kw("OFFSET") {
            self.optional("OFFSET", self.pos, "offset_clause");
            self.bump();
            let back = self.in_rule("offset_clause");
            self.unsigned_integer("OFFSET")?;
            self.rule = back;
        }
        Ok(())
    }

    fn unsigned_integer(&mut self, what: &str) -> PResult<()> {
        if self.kind() == TokenKind::Number && self.text().bytes().all(|b| b.is_ascii_digit()) {
            self.bump();
            Ok(())
        } else {
            Err(self.expected(&format!("a whole number of rows after {what}")))
        }
    }

    /// select_query ::= SELECT [ set_quantifier ] [ set_limit ] select_list from_clause
    ///     [ where_clause ] [ group_by_clause ] [ having_clause ]
    fn select_query(&mut self) -> PResult<()> {
        let back = self.in_rule("select_query");
        self.expect_kw("SELECT")?;
        if !self.eat_kw("ALL") {
            self.eat_kw("DISTINCT");
        }
        if self.eat_kw("TOP") {
            self.unsigned_integer("TOP")?;
            if self.is_kw("DISTINCT") || self.is_kw("ALL") {
                self.rule = "set_limit";
                return Err(self.error_here(format!(
                    "{} comes before TOP: SELECT {} TOP n …",
                    self.text().to_ascii_uppercase(),
                    self.text().to_ascii_uppercase()
                )));
            }
        }
        self.select_list()?;
        if !self.is_kw("FROM") {
            return Err(self.expected("FROM"));
        }
        self.rule = "from_clause";
        self.bump();
        loop {
            self.table_reference()?;
            if !self.eat_op(",") {
                break;
            }
        }
        if self.eat_kw("WHERE") {
            self.rule = "where_clause";
            self.search_condition()?;
        }
        if self.is_kw("GROUP") {
            self.rule = "group_by_clause";
            self.bump();
            self.expect_kw("BY")?;
            loop {
                self.value_expr()?;
                if !self.eat_op(",") {
                    break;
                }
            }
        }
        if self.eat_kw("HAVING") {
            self.rule = "having_clause";
            self.search_condition()?;
        }
        self.rule = back;
        Ok(())
    }

    /// select_list ::= * | select_sublist { , select_sublist }
    fn select_list(&mut self) -> PResult<()> {
        let back = self.in_rule("select_list");
        let mut items = 0;
        let mut star = None;
        loop {
            if self.is_kw("FROM") {
                return Err(self.expected("a column or expression to select"));
            }
            if self.is_op("*") {
                star = star.or(Some(self.pos));
                self.bump();
            } else if self.is_qualified_star() {
                while !self.is_op("*") {
                    self.bump();
                }
                self.bump();
            } else {
                self.value_expr()?;
                self.optional_alias()?;
            }
            items += 1;
            if !self.eat_op(",") {
                break;
            }
        }
        if let Some(at) = star.filter(|_| items > 1) {
            self.extension(Extension::StarWithColumns, at)?;
        }
        self.rule = back;
        Ok(())
    }

    /// `name.*`, `schema.table.*`
    fn is_qualified_star(&self) -> bool {
        let mut k = 0;
        loop {
            let Some(t) = self.toks.get(self.pos + k) else {
                return false;
            };
            if !matches!(t.kind, TokenKind::Word | TokenKind::Delimited) {
                return false;
            }
            if self.peek_text(k + 1) != "." {
                return false;
            }
            if self.peek_text(k + 2) == "*" {
                return true;
            }
            k += 2;
        }
    }

    /// [AS] alias: an alias without AS must not be a keyword.
    fn optional_alias(&mut self) -> PResult<Option<String>> {
        if self.eat_kw("AS") {
            return self.name("a name after AS").map(Some);
        }
        match self.kind() {
            TokenKind::Delimited => self.name("an alias").map(Some),
            TokenKind::Word if !is_reserved(self.text()) && !is_clause_word(self.text()) => {
                self.name("an alias").map(Some)
            }
            _ => Ok(None),
        }
    }

    /// A regular identifier that is not reserved, or a delimited identifier.
    fn name(&mut self, what: &str) -> PResult<String> {
        match self.kind() {
            TokenKind::Delimited => {
                let t = self.text();
                self.bump();
                Ok(t[1..t.len() - 1].replace("\"\"", "\""))
            }
            TokenKind::Word if is_reserved(self.text()) => Err(self.keyword_error(format!(
                "{} is a reserved word: write \"{}\" to use it as {what}",
                self.text(),
                self.text()
            ))),
            TokenKind::Word => {
                let t = self.text().to_owned();
                self.bump();
                Ok(t)
            }
            _ => Err(self.expected(what)),
        }
    }

    fn name_list(&mut self) -> PResult<()> {
        loop {
            self.name("a column name")?;
            if !self.eat_op(",") {
                return Ok(());
            }
        }
    }

    // ---- FROM -------------------------------------------------------------------------------

    /// table_reference ::= table_name [ correlation_specification ]
    ///     | derived_table correlation_specification | joined_table
    /// qualified_join ::= table_reference [ NATURAL ] [ join_type ] JOIN table_reference
    ///     [ join_specification ]
    fn table_reference(&mut self) -> PResult<()> {
        let back = self.in_rule("table_reference");
        self.table_primary()?;
        loop {
            self.rule = "qualified_join";
            let natural = self.eat_kw("NATURAL");
            let cross = !natural && self.is_kw("CROSS");
            if cross {
                self.extension(Extension::CrossJoin, self.pos)?;
                self.bump();
                self.expect_kw("JOIN")?;
                self.table_primary()?;
                continue;
            }
            let mut joined = false;
            if self.is_kw("OUTER") {
                self.rule = "join_type";
                return Err(self.error_here("OUTER needs LEFT, RIGHT or FULL before it"));
            }
            if self.eat_kw("INNER") {
                joined = true;
            } else if self.is_kw("LEFT") || self.is_kw("RIGHT") || self.is_kw("FULL") {
                self.bump();
                self.eat_kw("OUTER");
                joined = true;
            }
            if !self.is_kw("JOIN") {
                if natural || joined {
                    return Err(self.expected("JOIN"));
                }
                self.rule = back;
                return Ok(());
            }
            self.bump();
            self.table_primary()?;
            if self.is_kw("ON") || self.is_kw("USING") {
                if natural {
                    return Err(self.error_here("a NATURAL JOIN takes no ON or USING"));
                }
                if self.eat_kw("ON") {
                    self.search_condition()?;
                } else {
                    self.bump();
                    self.expect_op("(")?;
                    self.name_list()?;
                    self.expect_op(")")?;
                }
            }
        }
    }

    fn table_primary(&mut self) -> PResult<()> {
        if self.is_op("(") {
            // A subquery (needs an alias) or a parenthesized join.
            let mut k = 1;
            while self.peek_text(k) == "(" {
                k += 1;
            }
            let subquery = self.is_kw_at(k, "SELECT") || self.is_kw_at(k, "WITH");
            self.bump();
            self.enter()?;
            if subquery {
                if self.is_kw("WITH") {
                    self.rule = "query_specification";
                    return Err(self.error_here(
                        "WITH is only allowed at the very start of the query, not in a subquery",
                    ));
                }
                self.query_expression()?;
                self.expect_op(")")?;
                self.leave();
                let has_as = self.is_kw("AS");
                match self.optional_alias()? {
                    Some(_) => Ok(()),
                    None if has_as => Err(self.expected("a name after AS")),
                    None => {
                        self.rule = "derived_table";
                        Err(self.error_here("a subquery in FROM needs a name: (SELECT …) AS name"))
                    }
                }
            } else {
                self.table_reference()?;
                self.expect_op(")")?;
                self.leave();
                Ok(())
            }
        } else {
            let name = self.qualified_name(3, "a table name")?;
            let alias = self.optional_alias()?;
            self.analysis.tables.push(TableRef { name, alias });
            Ok(())
        }
    }

    /// a[.b[.c…]] with at most `max` parts.
    fn qualified_name(&mut self, max: usize, what: &str) -> PResult<String> {
        let mut parts = vec![self.name(what)?];
        while self.is_op(".") {
            self.bump();
            parts.push(self.name(what)?);
            if parts.len() > max {
                return Err(
                    self.error_here(format!("{what} has at most {max} parts separated by dots"))
                );
            }
        }
        Ok(parts.join("."))
    }

    // ---- conditions -------------------------------------------------------------------------

    fn search_condition(&mut self) -> PResult<()> {
        self.enter()?;
        self.boolean_term()?;
        while self.eat_kw("OR") {
            self.boolean_term()?;
        }
        self.leave();
        Ok(())
    }

    fn boolean_term(&mut self) -> PResult<()> {
        self.boolean_factor()?;
        while self.eat_kw("AND") {
            self.boolean_factor()?;
        }
        Ok(())
    }

    fn boolean_factor(&mut self) -> PResult<()> {
        self.eat_kw("NOT");
        self.boolean_primary()
    }

    /// Runs a reading at the current token once; later at the same token and depth, its
    /// outcome is replayed (the analysis it gathered was gathered the first time).
    fn memoized(
        &mut self,
        reading: Reading,
        read: impl FnOnce(&mut Self) -> PResult<()>,
    ) -> PResult<()> {
        let key = (reading, self.pos, self.depth);
        if let Some(done) = self.memo.get(&key).cloned() {
            self.diags.extend(done.diags);
            self.analysis.tables.extend(done.tables);
            return done.outcome.map(|end| self.pos = end);
        }
        let (diags, tables) = (self.diags.len(), self.analysis.tables.len());
        let outcome = read(self);
        let memo = Memo {
            outcome: outcome.clone().map(|()| self.pos),
            diags: self.diags[diags..].to_vec(),
            tables: self.analysis.tables[tables..].to_vec(),
        };
        self.memo.insert(key, memo);
        outcome
    }

    fn boolean_primary(&mut self) -> PResult<()> {
        if self.is_op("(") {
            // A parenthesized condition, or a predicate starting with a parenthesized value.
            let save = self.pos;
            let depth = self.depth;
            let rule = self.rule;
            let (diags, tables) = (self.diags.len(), self.analysis.tables.len());
            let as_condition = self.memoized(Reading::Condition, |p| {
                p.bump();
                p.search_condition().and_then(|()| p.expect_op(")"))
            });
            match as_condition {
                Ok(()) if !self.starts_predicate_tail() => return Ok(()),
                Ok(()) => {}
                Err(cond_err) => {
                    self.pos = save;
                    self.depth = depth;
                    self.rule = rule;
                    self.diags.truncate(diags);
                    self.analysis.tables.truncate(tables);
                    return self.memoized(Reading::Predicate, Self::predicate).map_err(
                        |pred_err| {
                            // Report whichever reading got further into the query.
                            if cond_err.offset >= pred_err.offset {
                                cond_err
                            } else {
                                pred_err
                            }
                        },
                    );
                }
            }
            self.pos = save;
            self.depth = depth;
            self.rule = rule;
            self.diags.truncate(diags);
            self.analysis.tables.truncate(tables);
        }
        self.memoized(Reading::Predicate, Self::predicate)
    }

    fn starts_predicate_tail(&self) -> bool {
        let comparison = self.kind() == TokenKind::Op
            && matches!(
                self.text(),
                "=" | "<>" | "!=" | "<" | ">" | "<=" | ">=" | "+" | "-" | "*" | "/" | "||"
            );
        comparison
            || ["BETWEEN", "IN", "LIKE", "ILIKE", "IS", "NOT"]
                .iter()
                .any(|k| self.is_kw(k))
    }

    /// predicate ::= comparison_predicate | between_predicate | in_predicate
    ///     | like_predicate | null_predicate | exists_predicate
    fn predicate(&mut self) -> PResult<()> {
        let back = self.in_rule("predicate");
        let outcome = self.predicate_body();
        self.rule = back;
        outcome
    }

    fn predicate_body(&mut self) -> PResult<()> {
        if self.eat_kw("EXISTS") {
            self.rule = "exists_predicate";
            return self.parenthesized_query("EXISTS");
        }
        let start = self.pos;
        self.value_expr()?;
        let negated = self.eat_kw("NOT");
        if self.kind() == TokenKind::Op
            && matches!(self.text(), "=" | "<>" | "!=" | "<" | ">" | "<=" | ">=")
        {
            self.rule = "comparison_predicate";
            if negated {
                return Err(self.expected("BETWEEN, IN or LIKE after NOT"));
            }
            self.bump();
            self.value_expr()?;
            return Ok(());
        }
        if self.eat_kw("BETWEEN") {
            self.rule = "between_predicate";
            self.value_expr()?;
            self.expect_kw("AND")?;
            self.value_expr()?;
            return Ok(());
        }
        if self.eat_kw("IN") {
            self.rule = "in_predicate";
            self.expect_op("(")?;
            self.enter()?;
            if self.is_kw("SELECT") {
                self.query_expression()?;
            } else {
                loop {
                    self.value_expr()?;
                    if !self.eat_op(",") {
                        break;
                    }
                }
            }
            self.leave();
            return self.expect_op(")");
        }
        if self.is_kw("LIKE") || self.is_kw("ILIKE") {
            self.rule = "like_predicate";
            if self.is_kw("ILIKE") {
                self.optional("ILIKE", self.pos, "like_predicate");
            }
            self.bump();
            self.value_expr()?;
            if self.is_kw("ESCAPE") {
                self.extension(Extension::LikeEscape, self.pos)?;
                self.bump();
                self.value_expr()?;
            }
            return Ok(());
        }
        if !negated && self.is_kw("IS") {
            self.rule = "null_predicate";
            if !self.is_column_reference(start, self.pos) {
                self.extension(Extension::NullPredicateOnExpression, self.pos)?;
            }
            self.bump();
            self.eat_kw("NOT");
            return self.expect_kw("NULL");
        }
        Err(self.expected(
            "a comparison (=, <, >, …), BETWEEN, IN, LIKE or IS NULL: a value alone is not a condition",
        ))
    }

    /// Whether tokens `start..end` are a column_reference: identifiers joined by dots.
    fn is_column_reference(&self, start: usize, end: usize) -> bool {
        end > start
            && (end - start) % 2 == 1
            && self.toks[start..end].iter().enumerate().all(|(k, t)| {
                if k % 2 == 0 {
                    matches!(t.kind, TokenKind::Word | TokenKind::Delimited)
                } else {
                    t.kind == TokenKind::Op && t.text(self.src) == "."
                }
            })
    }

    fn parenthesized_query(&mut self, after: &str) -> PResult<()> {
        if !self.is_op("(") {
            return Err(self.expected(&format!("a subquery in parentheses after {after}")));
        }
        self.bump();
        self.enter()?;
        self.query_expression()?;
        self.leave();
        self.expect_op(")")
    }

    // ---- values -----------------------------------------------------------------------------

    fn value_expr(&mut self) -> PResult<Ty> {
        self.enter()?;
        let t = self.bit_or()?;
        self.leave();
        Ok(t)
    }

    fn bit_or(&mut self) -> PResult<Ty> {
        let mut t = self.bit_xor()?;
        while self.is_op("|") {
            self.extension(Extension::BitwiseOperator, self.pos)?;
            self.bump();
            self.bit_xor()?;
            t = Ty::Numeric;
        }
        Ok(t)
    }

    fn bit_xor(&mut self) -> PResult<Ty> {
        let mut t = self.bit_and()?;
        while self.is_op("^") {
            self.extension(Extension::BitwiseOperator, self.pos)?;
            self.bump();
            self.bit_and()?;
            t = Ty::Numeric;
        }
        Ok(t)
    }

    fn bit_and(&mut self) -> PResult<Ty> {
        let mut t = self.concat()?;
        while self.is_op("&") {
            self.extension(Extension::BitwiseOperator, self.pos)?;
            self.bump();
            self.concat()?;
            t = Ty::Numeric;
        }
        Ok(t)
    }

    fn concat(&mut self) -> PResult<Ty> {
        let at = self.pos;
        let mut t = self.additive()?;
        while self.is_op("||") {
            if t == Ty::Geometry {
                return Err(self.at_token(at, "a geometry cannot be joined to a string with ||"));
            }
            self.bump();
            let at = self.pos;
            let r = self.additive()?;
            if r == Ty::Geometry {
                return Err(self.at_token(at, "a geometry cannot be joined to a string with ||"));
            }
            t = Ty::Str;
        }
        Ok(t)
    }

    fn at_token(&self, index: usize, message: &str) -> AdqlError {
        unplaced(self.toks[index].start, message.to_owned(), self.rule)
    }

    fn additive(&mut self) -> PResult<Ty> {
        let at = self.pos;
        let mut t = self.multiplicative()?;
        while self.is_op("+") || self.is_op("-") {
            self.no_geometry(t, at)?;
            self.bump();
            let at = self.pos;
            let r = self.multiplicative()?;
            self.no_geometry(r, at)?;
            t = Ty::Numeric;
        }
        Ok(t)
    }

    fn multiplicative(&mut self) -> PResult<Ty> {
        let at = self.pos;
        let mut t = self.unary()?;
        while self.is_op("*") || self.is_op("/") {
            self.no_geometry(t, at)?;
            self.bump();
            let at = self.pos;
            let r = self.unary()?;
            self.no_geometry(r, at)?;
            t = Ty::Numeric;
        }
        Ok(t)
    }

    fn no_geometry(&self, t: Ty, at: usize) -> PResult<()> {
        if t == Ty::Geometry {
            Err(self.at_token(at, "arithmetic on a geometry value"))
        } else {
            Ok(())
        }
    }

    /// factor ::= [ sign ] numeric_primary
    fn unary(&mut self) -> PResult<Ty> {
        if self.is_op("~") {
            self.extension(Extension::BitwiseOperator, self.pos)?;
        }
        if self.is_op("+") || self.is_op("-") || self.is_op("~") {
            self.bump();
            if self.is_op("+") || self.is_op("-") {
                self.extension(Extension::RepeatedSign, self.pos)?;
            }
            let at = self.pos;
            let t = self.unary()?;
            self.no_geometry(t, at)?;
            return Ok(Ty::Numeric);
        }
        self.primary()
    }

    fn primary(&mut self) -> PResult<Ty> {
        match self.kind() {
            TokenKind::Number => {
                if self.text().len() > 1 && self.text().as_bytes()[1].eq_ignore_ascii_case(&b'x') {
                    self.extension(Extension::HexLiteral, self.pos)?;
                }
                self.bump();
                Ok(Ty::Numeric)
            }
            TokenKind::Str => {
                self.bump();
                // Adjacent literals ('qua' 'tsch'): one literal in SQL-92, not in ADQL 2.1.
                while self.kind() == TokenKind::Str {
                    self.extension(Extension::AdjacentStringLiterals, self.pos)?;
                    self.bump();
                }
                Ok(Ty::Str)
            }
            TokenKind::Op if self.is_op("(") => {
                self.bump();
                self.enter()?;
                let t = if self.is_kw("SELECT") || self.is_kw("WITH") {
                    self.extension(Extension::ScalarSubquery, self.pos)?;
                    self.query_expression()?;
                    Ty::Unknown
                } else {
                    self.value_expr()?
                };
                self.leave();
                self.expect_op(")")?;
                Ok(t)
            }
            TokenKind::Delimited => {
                self.qualified_name(4, "a column name")?;
                Ok(Ty::Unknown)
            }
            TokenKind::Word => self.word_primary(),
            _ => Err(self.expected("a value (a column, a number, a string, a function…)")),
        }
    }

    fn word_primary(&mut self) -> PResult<Ty> {
        let word = self.text();
        let upper = word.to_ascii_uppercase();
        let call = self.peek_text(1) == "(";
        match upper.as_str() {
            "NULL" => {
                self.bump();
                return Ok(Ty::Null);
            }
            "CASE" => {
                self.extension(Extension::Case, self.pos)?;
                return self.case_expr();
            }
            "CAST" if call => {
                self.optional("CAST", self.pos, "cast_specification");
                return self.cast_expr();
            }
            _ => {}
        }
        if call {
            return self.function_call();
        }
        if functions::lookup(&upper).is_some() || is_reserved(word) {
            return Err(self.keyword_error(format!(
                "{word} is a reserved word: write \"{word}\" to use it as a column name{}",
                if functions::lookup(&upper).is_some() {
                    format!(", or call it as {upper}(…)")
                } else {
                    String::new()
                }
            )));
        }
        self.qualified_name(4, "a column name")?;
        Ok(Ty::Unknown)
    }

    fn case_expr(&mut self) -> PResult<Ty> {
        self.bump(); // CASE
        let simple = !self.is_kw("WHEN");
        if simple {
            self.value_expr()?;
        }
        if !self.is_kw("WHEN") {
            return Err(self.expected("WHEN"));
        }
        let mut result = Ty::Unknown;
        while self.eat_kw("WHEN") {
            if simple {
                self.value_expr()?;
            } else {
                self.search_condition()?;
            }
            self.expect_kw("THEN")?;
            result = self.value_expr()?;
        }
        if self.eat_kw("ELSE") {
            self.value_expr()?;
        }
        self.expect_kw("END")?;
        Ok(result)
    }

    fn cast_expr(&mut self) -> PResult<Ty> {
        self.bump(); // CAST
        self.expect_op("(")?;
        self.value_expr()?;
        self.expect_kw("AS")?;
        let ty = self.text().to_ascii_uppercase();
        let result = match ty.as_str() {
            "SMALLINT" | "INTEGER" | "BIGINT" | "REAL" => {
                self.bump();
                Ty::Numeric
            }
            "DOUBLE" => {
                self.bump();
                self.expect_kw("PRECISION")?;
                Ty::Numeric
            }
            "CHAR" | "VARCHAR" => {
                self.bump();
                if self.eat_op("(") {
                    self.unsigned_integer("the length")?;
                    self.expect_op(")")?;
                }
                Ty::Str
            }
            "TIMESTAMP" => {
                self.bump();
                Ty::Str
            }
            "POINT" | "CIRCLE" | "POLYGON" => {
                self.bump();
                Ty::Geometry
            }
            _ => {
                self.rule = "cast_target";
                return Err(self.expected(
                    "a type ADQL can CAST to (SMALLINT, INTEGER, BIGINT, REAL, DOUBLE PRECISION, CHAR, VARCHAR, TIMESTAMP, POINT, CIRCLE, POLYGON)",
                ));
            }
        };
        self.expect_op(")")?;
        Ok(result)
    }

    fn function_call(&mut self) -> PResult<Ty> {
        let name_at = self.pos;
        let name = self.text().to_owned();
        let upper = name.to_ascii_uppercase();
        self.bump();
        self.bump(); // (
        self.enter()?;
        let known = functions::lookup(&upper);
        let back = self.in_rule(function_rule(&upper, known.is_some()));
        if known.is_some() && is_optional_function(&upper) {
            self.optional(&upper, name_at, self.rule);
        }
        let declared_feature = known.is_none()
            && self
                .dialect
                .features
                .as_ref()
                .is_some_and(|f| f.iter().any(|x| x.eq_ignore_ascii_case(&name)));
        if declared_feature && !self.dialect.knows_udf(&name) {
            // A function the service declares as a language feature of its own (DaCHS's
            // MOC): not ADQL 2.1, and the service says it has it.
            self.warn_at(name_at, "user_defined_function", None, || {
                format!("not standard ADQL 2.1: {name} is a language feature this service declares; this service accepts it")
            });
        } else if known.is_none() && !self.dialect.knows_udf(&name) {
            return Err(self.at_token(
                name_at,
                &format!(
                    "{name} is neither an ADQL function nor one this service declares (user-defined functions are listed in its capabilities)"
                ),
            ));
        }
        // Aggregates: COUNT(*), and [DISTINCT|ALL] before the argument.
        let aggregate = matches!(upper.as_str(), "COUNT" | "AVG" | "MIN" | "MAX" | "SUM");
        let mut args: Vec<Ty> = Vec::new();
        // Where each argument starts (the token after it ends it: a `,` or the `)`).
        let mut starts: Vec<usize> = Vec::new();
        if aggregate && upper == "COUNT" && self.is_op("*") {
            self.bump();
            args.push(Ty::Unknown);
        } else if !self.is_op(")") {
            if aggregate && !self.eat_kw("DISTINCT") {
                self.eat_kw("ALL");
            }
            loop {
                starts.push(self.pos);
                args.push(self.value_expr()?);
                if !self.eat_op(",") {
                    break;
                }
            }
        }
        if !self.is_op(")") {
            return Err(self.expected("\",\" or \")\" in the arguments"));
        }
        let close = self.pos;
        self.bump();
        self.leave();
        let rule = self.in_rule(back);
        let Some(f) = known else {
            return Ok(Ty::Unknown);
        };
        self.rule = rule;
        self.check_arity(&upper, f.arity, &args, name_at, close)?;
        self.literal_arguments(&upper, &starts, close)?;
        self.rule = back;
        Ok(f.returns)
    }

    /// The arguments the REC wants as literals: ROUND/TRUNCATE's digits (signed_integer),
    /// RAND's seed (unsigned_decimal), REGION's text and IN_UNIT's unit
    /// (character_string_literal).
    fn literal_arguments(&self, name: &str, starts: &[usize], close: usize) -> PResult<()> {
        let (index, what) = match name {
            "ROUND" | "TRUNCATE" => (1, "a whole number (signed_integer)"),
            "RAND" => (0, "a whole number (unsigned_decimal)"),
            "REGION" => (0, "a string literal"),
            "IN_UNIT" => (1, "a string literal (the unit)"),
            _ => return Ok(()),
        };
        let Some(&start) = starts.get(index) else {
            return Ok(());
        };
        let end = starts.get(index + 1).map_or(close, |next| next - 1);
        let toks = &self.toks[start..end];
        let digits = |t: &Token| {
            t.kind == TokenKind::Number && t.text(self.src).bytes().all(|b| b.is_ascii_digit())
        };
        let fits = match name {
            "ROUND" | "TRUNCATE" => match toks {
                [n] => digits(n),
                [sign, n] => {
                    sign.kind == TokenKind::Op
                        && matches!(sign.text(self.src), "+" | "-")
                        && digits(n)
                }
                _ => false,
            },
            "RAND" => matches!(toks, [n] if digits(n)),
            _ => matches!(toks, [t] if t.kind == TokenKind::Str),
        };
        if fits {
            return Ok(());
        }
        Err(self.at_token(
            start,
            &format!(
                "the {} argument of {name} must be {what}",
                if index == 0 { "first" } else { "second" }
            ),
        ))
    }

    fn check_arity(
        &self,
        name: &str,
        arity: Arity,
        args: &[Ty],
        at: usize,
        close: usize,
    ) -> PResult<()> {
        let n = args.len();
        let bad = |msg: String| Err(self.at_token(at, &msg));
        let coordsys = |t: Ty| matches!(t, Ty::Str | Ty::Null);
        let has_sys = n > 0 && coordsys(args[0]);
        match name {
            // point ::= POINT ( [ coord_sys , ] coordinates )
            "POINT" if n - usize::from(has_sys) != 2 => {
                return bad("POINT takes two coordinates: POINT(['frame',] ra, dec)".into())
            }
            // distance_function: two coord_value, or four numbers
            "DISTANCE" if n != 2 && n != 4 => {
                return bad(format!(
                    "DISTANCE takes two points or four coordinates, not {n} value(s)"
                ))
            }
            // box ::= BOX ( [ coord_sys , ] box_center , width , height )
            "BOX" if !(3..=4).contains(&(n - usize::from(has_sys))) => {
                return bad(format!(
                    "BOX takes a centre, a width and a height, not {n} value(s)"
                ))
            }
            _ => {}
        }
        match arity {
            Arity::Exactly(k) if n != k => bad(format!(
                "{name} takes {k} argument{}, not {n}",
                if k == 1 { "" } else { "s" }
            )),
            Arity::Between(a, b) if n < a || n > b => {
                bad(format!("{name} takes {a} to {b} arguments, not {n}"))
            }
            Arity::AtLeast(a) if n < a => bad(format!("{name} takes at least {a} argument(s)")),
            Arity::Circle => match n {
                2 | 4 => Ok(()),
                3 if coordsys(args[0]) => bad(
                    "CIRCLE takes a centre and a radius: CIRCLE(['frame',] ra, dec, radius)".into(),
                ),
                3 => Ok(()),
                _ => bad(format!("CIRCLE takes 2 to 4 arguments, not {n}")),
            },
            Arity::Polygon => {
                let coords = if n > 0 && coordsys(args[0]) {
                    &args[1..]
                } else {
                    args
                };
                // polygon_vertices: three or more coord_value (a point, or a column
                // holding one: Unknown here), or three or more pairs of coordinates.
                let vertex = |t: &Ty| matches!(t, Ty::Geometry | Ty::Unknown);
                if coords.len() >= 3 && coords.iter().all(vertex) {
                    return Ok(());
                }
                if coords.len() >= 6 && coords.len() % 2 == 0 && !coords.contains(&Ty::Geometry) {
                    Ok(())
                } else {
                    let _ = close;
                    Err(unplaced(
                        self.toks[at].start,
                        format!(
                            "POLYGON takes three or more vertices: points (or columns holding them), or pairs of coordinates; not {} value(s)",
                            coords.len()
                        ),
                        "polygon_vertices",
                    ))
                }
            }
            _ => Ok(()),
        }
    }
}

/// Whether an ADQL function belongs to one of the REC's optional features (§4: geometry,
/// string, conditional, unit functions): warned about when the service's capabilities do
/// not declare it. Mathematical, trigonometric and aggregate functions are mandatory.
fn is_optional_function(upper: &str) -> bool {
    !matches!(
        function_rule(upper, true),
        "set_function_specification" | "trig_function" | "math_function"
    )
}

/// The BNF rule a function call is read under.
fn function_rule(upper: &str, known: bool) -> &'static str {
    match upper {
        _ if !known => "user_defined_function",
        "COUNT" | "AVG" | "MIN" | "MAX" | "SUM" => "set_function_specification",
        "ACOS" | "ASIN" | "ATAN" | "ATAN2" | "COS" | "COT" | "SIN" | "TAN" => "trig_function",
        "LOWER" | "UPPER" => "case_folding_function",
        "COALESCE" => "coalesce_expression",
        "IN_UNIT" => "in_unit_function",
        "AREA" => "area",
        "BOX" => "box",
        "CENTROID" => "centroid",
        "CIRCLE" => "circle",
        "CONTAINS" => "contains",
        "COORD1" => "coord1",
        "COORD2" => "coord2",
        "COORDSYS" => "extract_coordsys",
        "DISTANCE" => "distance_function",
        "INTERSECTS" => "intersects",
        "POINT" => "point",
        "POLYGON" => "polygon",
        "REGION" => "region",
        _ => "math_function",
    }
}

/// Words that end a select item or a table reference, never taken for an alias.
fn is_clause_word(w: &str) -> bool {
    [
        "FROM",
        "WHERE",
        "GROUP",
        "HAVING",
        "ORDER",
        "OFFSET",
        "UNION",
        "EXCEPT",
        "INTERSECT",
        "JOIN",
        "NATURAL",
        "INNER",
        "LEFT",
        "RIGHT",
        "FULL",
        "CROSS",
        "ON",
        "USING",
        "ASC",
        "DESC",
        "AS",
    ]
    .iter()
    .any(|k| k.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(q: &str) {
        let d = Dialect::default();
        if let Err(e) = check(q, &d) {
            panic!("{q:?} should be valid: {e}");
        }
    }

    fn bad(q: &str) -> AdqlError {
        check(q, &Dialect::default()).expect_err(q)
    }

    #[test]
    fn the_generated_cone_is_valid() {
        ok("SELECT TOP 1000 * FROM ivoa.obscore WHERE 1=CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 83.63308, 22.0145, 0.5))");
    }

    #[test]
    fn errors_carry_line_and_column() {
        let e = bad("SELECT *\nFROM t\nWHERE x 7");
        assert_eq!((e.line, e.column), (3, 9), "{e}");
        let e = bad("SELEC * FROM t");
        assert_eq!((e.line, e.column), (1, 1));
        let e = bad("SELECT distance FROM stars");
        assert!(e.message.contains("reserved"), "{e}");
    }

    #[test]
    fn udfs_follow_the_dialect() {
        assert!(check("SELECT my_fn(x) FROM t", &Dialect::default()).is_err());
        let d = Dialect {
            udfs: vec!["MY_FN".into()],
            ..Dialect::default()
        };
        assert!(check("SELECT my_fn(x) FROM t", &d).is_ok());
        let d = Dialect {
            allow_ivo_prefix: true,
            ..Dialect::default()
        };
        assert!(check("SELECT ivo_hashlist_has(x, 'a') FROM t", &d).is_ok());
    }

    #[test]
    fn tables_are_collected() {
        let a = check(
            "SELECT * FROM ivoa.obscore AS o JOIN TAP_UPLOAD.targets t ON o.s_ra = t.ra",
            &Dialect::default(),
        )
        .unwrap();
        assert_eq!(
            a.tables,
            vec![
                TableRef {
                    name: "ivoa.obscore".into(),
                    alias: Some("o".into())
                },
                TableRef {
                    name: "TAP_UPLOAD.targets".into(),
                    alias: Some("t".into())
                },
            ]
        );
    }

    #[test]
    fn nested_parentheses_cost_linear_not_exponential_work() {
        // Found by fuzzing: each unclosed `(` doubled the work (this took minutes).
        let start = std::time::Instant::now();
        // The fuzzer's input, as it found it.
        let q = format!(
            "SELECT A FROM\nal where{}SELECT A FROM\nal where{}SELECT A FROM\nal where{}SELECT A FROM\nal where{}NATURAO{}SELECT A FROM\nal where{}OM (",
            "(".repeat(45),
            "(".repeat(28),
            "(".repeat(9),
            "(".repeat(46),
            "(".repeat(5),
            "(".repeat(5)
        );
        assert!(check(&q, &Dialect::default()).is_err());
        let deep = format!(
            "SELECT a FROM t WHERE {}a{} = 1",
            "(".repeat(60),
            ")".repeat(60)
        );
        ok(&deep);
        assert!(start.elapsed().as_secs() < 2, "{:?}", start.elapsed());
    }

    #[test]
    fn a_reading_given_up_leaves_no_warning_behind() {
        let d = Dialect {
            extensions: vec![Extension::HexLiteral],
            ..Dialect::default()
        };
        // `(` is read first as a condition (which fails at `)`), then as a value: the hex
        // literal is warned about once, and the table in the subquery is listed once.
        for q in [
            "SELECT a FROM t WHERE (a + 0x1) = 2",
            "SELECT a FROM t WHERE ((a + 0x1)) = 2 AND (b = 0x2 OR c IN (SELECT c FROM u))",
        ] {
            let r = lint(q, &d);
            assert!(r.error().is_none(), "{q}: {r:?}");
            let hex = q.matches("0x").count();
            assert_eq!(r.warnings().count(), hex, "{q}: {r:?}");
            let tables: Vec<_> = r.analysis.tables.iter().map(|t| t.name.as_str()).collect();
            assert_eq!(
                tables,
                if hex == 1 { vec!["t"] } else { vec!["t", "u"] },
                "{q}"
            );
        }
    }

    #[test]
    fn order_by_belongs_to_the_union_unless_an_operator_follows() {
        ok("SELECT a FROM t UNION SELECT a FROM u ORDER BY a OFFSET 2");
        ok("(SELECT a FROM t ORDER BY a OFFSET 1) UNION SELECT a FROM u");
        let e = bad("SELECT a FROM t ORDER BY a INTERSECT SELECT a FROM u");
        assert_eq!((e.rule, e.column), ("query_set_primary", 17), "{e}");
        let e = bad("SELECT a FROM t UNION SELECT a FROM u OFFSET 1 EXCEPT SELECT a FROM v");
        assert_eq!((e.rule, e.column), ("query_set_primary", 39), "{e}");
    }

    #[test]
    fn hostile_nesting_is_an_error_not_a_crash() {
        let q = format!("SELECT {}1{} FROM t", "(".repeat(5000), ")".repeat(5000));
        assert!(bad(&q).message.contains("nested too deeply"));
    }
}
