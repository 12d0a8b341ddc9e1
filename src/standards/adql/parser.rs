//! An ADQL 2.1 syntax checker: a recursive-descent reading of the grammar, with the few
//! semantic rules a service would refuse anyway (function arities, geometry where a
//! string or number must be, WITH only at the start, unsigned TOP/OFFSET, reserved
//! words as names). It marks the first error with its line and column, before the query
//! is ever sent.
//!
//! Functions that are not ADQL's are user-defined functions: accepted when the service
//! declares them (TAPRegExt `languageFeatures`, passed in a [`Dialect`]) or when they
//! carry the IVOA `ivo_` prefix.

use super::functions::{self, Arity};
use super::lexer::{tokenize, Token, TokenKind};
use super::reserved::is_reserved;

/// What the service accepts beyond ADQL itself.
#[derive(Clone, Debug, Default)]
pub struct Dialect {
    /// User-defined function names the service declares (case-insensitive).
    pub udfs: Vec<String>,
    /// Accept any function whose name starts with `ivo_` (IVOA's UDF catalogue prefix).
    pub allow_ivo_prefix: bool,
    /// Accept any unknown function (when the service's capabilities are not known).
    pub allow_any_udf: bool,
}

impl Dialect {
    /// What voscope assumes when it knows nothing about the service.
    pub fn lenient() -> Dialect {
        Dialect {
            udfs: Vec::new(),
            allow_ivo_prefix: true,
            allow_any_udf: true,
        }
    }

    fn knows_udf(&self, name: &str) -> bool {
        self.allow_any_udf
            || (self.allow_ivo_prefix && name.len() > 4 && name[..4].eq_ignore_ascii_case("ivo_"))
            || self.udfs.iter().any(|u| u.eq_ignore_ascii_case(name))
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
}

impl std::fmt::Display for AdqlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{} {}", self.line, self.column, self.message)
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
/// should accept its syntax.
pub fn check(query: &str, dialect: &Dialect) -> Result<Analysis, AdqlError> {
    let tokens = tokenize(query).map_err(|e| locate(query, e.offset, e.message))?;
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
    };
    p.statement()?;
    Ok(p.analysis)
}

fn locate(src: &str, offset: usize, message: String) -> AdqlError {
    let before = &src[..offset.min(src.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    AdqlError {
        line,
        column,
        offset,
        message,
    }
}

/// The type of a value expression, as far as syntax can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Numeric,
    Str,
    Geometry,
    Null,
    Unknown,
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
    memo: std::collections::HashMap<(Reading, usize, usize), Result<usize, AdqlError>>,
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
        locate(self.src, t.start, message.into())
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

    fn statement(&mut self) -> PResult<()> {
        if self.kind() == TokenKind::Eof {
            return Err(self.error_here("the query is empty"));
        }
        if self.eat_kw("WITH") {
            loop {
                self.name("a name for the WITH query")?;
                if self.eat_op("(") {
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
        }
        self.query_expression()?;
        if self.kind() != TokenKind::Eof {
            return Err(self.expected("the end of the query"));
        }
        Ok(())
    }

    /// query_term { (UNION | EXCEPT) [ALL] query_term } [ORDER BY …] [OFFSET n]
    fn query_expression(&mut self) -> PResult<()> {
        self.query_term()?;
        while self.is_kw("UNION") || self.is_kw("EXCEPT") {
            self.bump();
            self.eat_kw("ALL");
            self.eat_kw("DISTINCT");
            self.query_term()?;
        }
        self.order_and_offset()
    }

    fn query_term(&mut self) -> PResult<()> {
        self.query_primary()?;
        while self.eat_kw("INTERSECT") {
            self.eat_kw("ALL");
            self.eat_kw("DISTINCT");
            self.query_primary()?;
        }
        Ok(())
    }

    fn query_primary(&mut self) -> PResult<()> {
        if self.is_op("(") {
            self.bump();
            self.enter()?;
            if self.is_kw("WITH") {
                return Err(self.error_here(
                    "WITH is only allowed at the very start of the query, not inside parentheses",
                ));
            }
            self.query_expression()?;
            self.leave();
            return self.expect_op(")");
        }
        if self.is_kw("WITH") {
            return Err(self.error_here("WITH is only allowed at the very start of the query"));
        }
        self.select_query()
    }

    fn order_and_offset(&mut self) -> PResult<()> {
        if self.is_kw("ORDER") {
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
        }
        if self.eat_kw("OFFSET") {
            self.unsigned_integer("OFFSET")?;
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

    fn select_query(&mut self) -> PResult<()> {
        self.expect_kw("SELECT")?;
        if !self.eat_kw("ALL") {
            self.eat_kw("DISTINCT");
        }
        if self.eat_kw("TOP") {
            self.unsigned_integer("TOP")?;
        }
        self.select_list()?;
        if !self.is_kw("FROM") {
            return Err(self.expected("FROM"));
        }
        self.bump();
        loop {
            self.table_reference()?;
            if !self.eat_op(",") {
                break;
            }
        }
        if self.eat_kw("WHERE") {
            self.search_condition()?;
        }
        if self.is_kw("GROUP") {
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
            self.search_condition()?;
        }
        self.order_and_offset()
    }

    fn select_list(&mut self) -> PResult<()> {
        loop {
            if self.is_kw("FROM") {
                return Err(self.expected("a column or expression to select"));
            }
            if self.eat_op("*") {
                // `*` among other items (as ESO's examples use it) is accepted.
            } else if self.is_qualified_star() {
                while !self.is_op("*") {
                    self.bump();
                }
                self.bump();
            } else {
                self.value_expr()?;
                self.optional_alias()?;
            }
            if !self.eat_op(",") {
                return Ok(());
            }
        }
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
            TokenKind::Word if is_reserved(self.text()) => Err(self.error_here(format!(
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

    fn table_reference(&mut self) -> PResult<()> {
        self.table_primary()?;
        loop {
            let natural = self.eat_kw("NATURAL");
            let cross = !natural && self.is_kw("CROSS");
            if cross {
                self.bump();
                self.expect_kw("JOIN")?;
                self.table_primary()?;
                continue;
            }
            let mut joined = false;
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
        if let Some(done) = self.memo.get(&key) {
            return done.clone().map(|end| self.pos = end);
        }
        let outcome = read(self);
        self.memo.insert(key, outcome.clone().map(|()| self.pos));
        outcome
    }

    fn boolean_primary(&mut self) -> PResult<()> {
        if self.is_op("(") {
            // A parenthesized condition, or a predicate starting with a parenthesized value.
            let save = self.pos;
            let depth = self.depth;
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

    fn predicate(&mut self) -> PResult<()> {
        if self.eat_kw("EXISTS") {
            return self.parenthesized_query("EXISTS");
        }
        let start = self.pos;
        self.value_expr()?;
        let negated = self.eat_kw("NOT");
        if self.kind() == TokenKind::Op
            && matches!(self.text(), "=" | "<>" | "!=" | "<" | ">" | "<=" | ">=")
        {
            if negated {
                return Err(self.expected("BETWEEN, IN or LIKE after NOT"));
            }
            self.bump();
            self.value_expr()?;
            return Ok(());
        }
        if self.eat_kw("BETWEEN") {
            self.value_expr()?;
            self.expect_kw("AND")?;
            self.value_expr()?;
            return Ok(());
        }
        if self.eat_kw("IN") {
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
        if self.eat_kw("LIKE") || self.eat_kw("ILIKE") {
            self.value_expr()?;
            if self.eat_kw("ESCAPE") {
                self.value_expr()?;
            }
            return Ok(());
        }
        if !negated && self.eat_kw("IS") {
            self.eat_kw("NOT");
            return self.expect_kw("NULL");
        }
        let _ = start;
        Err(self.expected(
            "a comparison (=, <, >, …), BETWEEN, IN, LIKE or IS NULL: a value alone is not a condition",
        ))
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
            self.bump();
            self.bit_xor()?;
            t = Ty::Numeric;
        }
        Ok(t)
    }

    fn bit_xor(&mut self) -> PResult<Ty> {
        let mut t = self.bit_and()?;
        while self.is_op("^") {
            self.bump();
            self.bit_and()?;
            t = Ty::Numeric;
        }
        Ok(t)
    }

    fn bit_and(&mut self) -> PResult<Ty> {
        let mut t = self.concat()?;
        while self.is_op("&") {
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
        locate(self.src, self.toks[index].start, message.to_owned())
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

    fn unary(&mut self) -> PResult<Ty> {
        if self.is_op("+") || self.is_op("-") || self.is_op("~") {
            self.bump();
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
                self.bump();
                Ok(Ty::Numeric)
            }
            TokenKind::Str => {
                // Adjacent literals are one literal ('qua' 'tsch').
                while self.kind() == TokenKind::Str {
                    self.bump();
                }
                Ok(Ty::Str)
            }
            TokenKind::Op if self.is_op("(") => {
                self.bump();
                self.enter()?;
                let t = if self.is_kw("SELECT") {
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
            "CASE" => return self.case_expr(),
            "CAST" if call => return self.cast_expr(),
            _ => {}
        }
        if call {
            return self.function_call();
        }
        if functions::lookup(&upper).is_some() || is_reserved(word) {
            return Err(self.error_here(format!(
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
            "POINT" | "CIRCLE" | "POLYGON" | "REGION" => {
                self.bump();
                Ty::Geometry
            }
            _ => {
                return Err(self.expected(
                    "a type ADQL can CAST to (SMALLINT, INTEGER, BIGINT, REAL, DOUBLE PRECISION, CHAR, VARCHAR, TIMESTAMP, POINT, CIRCLE, POLYGON)",
                ))
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
        if known.is_none() && !self.dialect.knows_udf(&name) {
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
        if aggregate && upper == "COUNT" && self.is_op("*") {
            self.bump();
            args.push(Ty::Unknown);
        } else if !self.is_op(")") {
            if aggregate && !self.eat_kw("DISTINCT") {
                self.eat_kw("ALL");
            }
            loop {
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
        let Some(f) = known else {
            return Ok(Ty::Unknown);
        };
        self.check_arity(&upper, f.arity, &args, name_at, close)?;
        Ok(f.returns)
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
                if coords.iter().all(|t| *t == Ty::Geometry) && coords.len() >= 3 {
                    return Ok(());
                }
                if coords.len() >= 6 && coords.len() % 2 == 0 {
                    Ok(())
                } else {
                    let _ = close;
                    bad(format!(
                        "POLYGON takes at least three vertices as pairs of coordinates, not {} value(s)",
                        coords.len()
                    ))
                }
            }
            _ => Ok(()),
        }
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
    fn hostile_nesting_is_an_error_not_a_crash() {
        let q = format!("SELECT {}1{} FROM t", "(".repeat(5000), ")".repeat(5000));
        assert!(bad(&q).message.contains("nested too deeply"));
    }
}
