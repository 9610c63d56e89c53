//! The JMESPath that botocore's waiters use, over JSON values: fields, subexpressions,
//! indexes, `[]`, `[*]`, `.*` and `[?…]` projections, `length()`, comparisons, `!`, `&&`, `||`,
//! parentheses, `` `literals` `` and `'raw strings'`. That covers every expression of every
//! waiter in botocore, whatever its protocol; anything else is a parse error, never a
//! wrong answer.

use std::fmt;

use serde_json::Value;

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression(Expr);

/// Why an expression could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub expression: String,
    pub position: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JMESPath {:?}, at {}: {}", self.expression, self.position, self.message)
    }
}

impl std::error::Error for ParseError {}

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Chain(Box<Expr>, Vec<Step>),
    Current,
    Field(String),
    Literal(Value),
    Length(Box<Expr>),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Compare(Cmp, Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Field(String),
    Index(i64),
    Flatten,
    /// `[*]`: the rest applies to each item of a list.
    ListProjection,
    /// `.*`: the rest applies to each value of an object.
    ValueProjection,
    Filter(Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Expression {
    /// Parses `text`.
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        let mut p = Parser { text, chars: text.char_indices().collect(), pos: 0, depth: 0 };
        let expr = p.or()?;
        p.skip_ws();
        if p.pos < p.chars.len() {
            return Err(p.error("unexpected input"));
        }
        Ok(Expression(expr))
    }

    /// Evaluates against `value`; missing fields give `null`, as JMESPath specifies.
    pub fn search(&self, value: &Value) -> Value {
        eval(&self.0, value)
    }
}

/// How deeply parentheses, filters and function calls may nest. Parsing and evaluation
/// recurse; fuzzing found that a few hundred levels overflow a thread's stack. Real
/// waiter expressions nest three deep.
const MAX_DEPTH: usize = 32;

struct Parser<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
    pos: usize,
    /// Sub-expressions open around the position.
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> ParseError {
        ParseError { expression: self.text.to_string(), position: self.pos, message: message.to_string() }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).map(|(_, c)| *c)
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, token: &str) -> bool {
        self.skip_ws();
        let rest: String = self.chars[self.pos..].iter().map(|(_, c)| *c).take(token.chars().count()).collect();
        if rest == token {
            self.pos += token.chars().count();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, token: &str) -> Result<(), ParseError> {
        if self.eat(token) {
            Ok(())
        } else {
            Err(self.error(&format!("expected {token:?}")))
        }
    }

    fn or(&mut self) -> Result<Expr, ParseError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error("expression nested too deeply"));
        }
        self.depth += 1;
        let result = self.or_chain();
        self.depth -= 1;
        result
    }

    fn or_chain(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.and()?;
        while self.eat("||") {
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.not()?;
        while self.eat("&&") {
            left = Expr::And(Box::new(left), Box::new(self.not()?));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Expr, ParseError> {
        // `!!!x` is `!x`: `!` yields a boolean, so only whether the count is odd, and
        // whether there are any, matter. Kept iterative so no run of `!` can go deep.
        let mut count = 0usize;
        loop {
            self.skip_ws();
            if self.peek() == Some('!') && self.chars.get(self.pos + 1).map(|(_, c)| *c) != Some('=') {
                self.pos += 1;
                count += 1;
            } else {
                break;
            }
        }
        let inner = self.comparison()?;
        Ok(match count {
            0 => inner,
            n if n % 2 == 1 => Expr::Not(Box::new(inner)),
            _ => Expr::Not(Box::new(Expr::Not(Box::new(inner)))),
        })
    }

    fn comparison(&mut self) -> Result<Expr, ParseError> {
        let left = self.chain()?;
        for (token, cmp) in [("==", Cmp::Eq), ("!=", Cmp::Ne), ("<=", Cmp::Le), (">=", Cmp::Ge), ("<", Cmp::Lt), (">", Cmp::Gt)] {
            if self.eat(token) {
                let right = self.chain()?;
                return Ok(Expr::Compare(cmp, Box::new(left), Box::new(right)));
            }
        }
        Ok(left)
    }

    fn chain(&mut self) -> Result<Expr, ParseError> {
        let base = self.primary()?;
        let mut steps = Vec::new();
        loop {
            if self.eat(".") {
                if self.eat("*") {
                    steps.push(Step::ValueProjection);
                } else {
                    steps.push(Step::Field(self.identifier()?));
                }
            } else if self.eat("[*]") {
                steps.push(Step::ListProjection);
            } else if self.eat("[?") {
                let condition = self.or()?;
                self.expect("]")?;
                steps.push(Step::Filter(Box::new(condition)));
            } else if self.eat("[]") {
                steps.push(Step::Flatten);
            } else if self.eat("[") {
                self.skip_ws();
                let start = self.pos;
                if self.peek() == Some('-') {
                    self.pos += 1;
                }
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.pos += 1;
                }
                let digits: String = self.chars[start..self.pos].iter().map(|(_, c)| *c).collect();
                let index = digits.parse().map_err(|_| self.error("expected an index"))?;
                self.expect("]")?;
                steps.push(Step::Index(index));
            } else {
                break;
            }
        }
        Ok(if steps.is_empty() { base } else { Expr::Chain(Box::new(base), steps) })
    }

    fn identifier(&mut self) -> Result<String, ParseError> {
        self.skip_ws();
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            self.pos += 1;
        }
        if start == self.pos || self.chars[start].1.is_ascii_digit() {
            return Err(self.error("expected a field name"));
        }
        Ok(self.chars[start..self.pos].iter().map(|(_, c)| *c).collect())
    }

    fn delimited(&mut self, quote: char) -> Result<String, ParseError> {
        let start = self.pos;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => {
                    self.pos = start;
                    return Err(self.error("unterminated literal"));
                }
                Some('\\') if self.chars.get(self.pos + 1).map(|(_, c)| *c) == Some(quote) => {
                    out.push(quote);
                    self.pos += 2;
                }
                Some(c) if c == quote => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(c) => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        self.skip_ws();
        match self.peek() {
            Some('(') => {
                self.pos += 1;
                let inner = self.or()?;
                self.expect(")")?;
                Ok(inner)
            }
            Some('@') => {
                self.pos += 1;
                Ok(Expr::Current)
            }
            Some('`') => {
                self.pos += 1;
                let text = self.delimited('`')?;
                let text = text.trim();
                // JSON, or (JMESPath's legacy form) a bare word meaning a string.
                let bare_word = !text.is_empty() && text.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '));
                let value = serde_json::from_str(text)
                    .ok()
                    .or_else(|| bare_word.then(|| Value::String(text.to_string())))
                    .ok_or_else(|| self.error("invalid JSON literal"))?;
                Ok(Expr::Literal(value))
            }
            Some('\'') => {
                self.pos += 1;
                Ok(Expr::Literal(Value::String(self.delimited('\'')?)))
            }
            Some('[') => Ok(Expr::Current), // a leading projection applies to the current node
            _ => {
                let name = self.identifier()?;
                if self.eat("(") {
                    if name != "length" {
                        return Err(self.error(&format!("unsupported function {name}()")));
                    }
                    let arg = self.or()?;
                    self.expect(")")?;
                    return Ok(Expr::Length(Box::new(arg)));
                }
                Ok(Expr::Field(name))
            }
        }
    }
}

/// JMESPath truthiness: `false`, `null` and empty strings, lists and objects are false.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(false) => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    }
}

fn eval(expr: &Expr, value: &Value) -> Value {
    match expr {
        Expr::Current => value.clone(),
        Expr::Field(name) => value.get(name).cloned().unwrap_or(Value::Null),
        Expr::Literal(v) => v.clone(),
        Expr::Chain(base, steps) => steps_on(eval(base, value), steps),
        Expr::Length(arg) => match eval(arg, value) {
            Value::String(s) => Value::from(s.chars().count()),
            Value::Array(a) => Value::from(a.len()),
            Value::Object(o) => Value::from(o.len()),
            _ => Value::Null,
        },
        Expr::Not(inner) => Value::Bool(!truthy(&eval(inner, value))),
        Expr::And(a, b) => {
            let left = eval(a, value);
            if truthy(&left) {
                eval(b, value)
            } else {
                left
            }
        }
        Expr::Or(a, b) => {
            let left = eval(a, value);
            if truthy(&left) {
                left
            } else {
                eval(b, value)
            }
        }
        Expr::Compare(cmp, a, b) => compare(*cmp, &eval(a, value), &eval(b, value)),
    }
}

fn steps_on(value: Value, steps: &[Step]) -> Value {
    let Some((step, rest)) = steps.split_first() else { return value };
    match step {
        Step::Field(name) => steps_on(value.get(name).cloned().unwrap_or(Value::Null), rest),
        Step::Index(i) => {
            let Value::Array(items) = value else { return Value::Null };
            let index = if *i < 0 { items.len() as i64 + i } else { *i };
            let item = usize::try_from(index).ok().and_then(|i| items.get(i).cloned()).unwrap_or(Value::Null);
            steps_on(item, rest)
        }
        Step::Flatten => {
            let Value::Array(items) = value else { return Value::Null };
            let flat = items.into_iter().flat_map(|item| match item {
                Value::Array(inner) => inner,
                other => vec![other],
            });
            Value::Array(flat.map(|item| steps_on(item, rest)).filter(|v| !v.is_null()).collect())
        }
        Step::ListProjection => {
            let Value::Array(items) = value else { return Value::Null };
            Value::Array(items.into_iter().map(|item| steps_on(item, rest)).filter(|v| !v.is_null()).collect())
        }
        Step::ValueProjection => {
            let Value::Object(map) = value else { return Value::Null };
            Value::Array(map.into_iter().map(|(_, item)| steps_on(item, rest)).filter(|v| !v.is_null()).collect())
        }
        Step::Filter(condition) => {
            let Value::Array(items) = value else { return Value::Null };
            Value::Array(
                items
                    .into_iter()
                    .filter(|item| truthy(&eval(condition, item)))
                    .map(|item| steps_on(item, rest))
                    .filter(|v| !v.is_null())
                    .collect(),
            )
        }
    }
}

fn compare(cmp: Cmp, a: &Value, b: &Value) -> Value {
    match cmp {
        Cmp::Eq => Value::Bool(same(a, b)),
        Cmp::Ne => Value::Bool(!same(a, b)),
        ordering => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => Value::Bool(match ordering {
                Cmp::Lt => x < y,
                Cmp::Le => x <= y,
                Cmp::Gt => x > y,
                _ => x >= y,
            }),
            _ => Value::Null,
        },
    }
}

/// Equality where `1` and `1.0` are the same number.
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn search(expr: &str, value: &Value) -> Value {
        Expression::parse(expr).unwrap_or_else(|e| panic!("{e}")).search(value)
    }

    #[test]
    fn fields_projections_and_functions() {
        let doc = json!({"Fleets": [{"State": "RUNNING"}, {"State": "STOPPED"}, {"Name": "x"}], "Table": {"TableStatus": "ACTIVE"}});
        assert_eq!(search("Fleets[].State", &doc), json!(["RUNNING", "STOPPED"]));
        assert_eq!(search("Table.TableStatus", &doc), json!("ACTIVE"));
        assert_eq!(search("Fleets[0].State", &doc), json!("RUNNING"));
        assert_eq!(search("Fleets[-1].Name", &doc), json!("x"));
        assert_eq!(search("Missing.Field", &doc), Value::Null);
        assert_eq!(search("length(Fleets[]) > `0`", &doc), json!(true));
        assert_eq!(search("length(Fleets[?State == 'RUNNING'])", &doc), json!(1));
    }

    #[test]
    fn wildcards_project_over_lists_and_object_values() {
        // SES's IdentityExists waiter, and a list wildcard that does not flatten.
        let doc = json!({"VerificationAttributes": {"a@x": {"VerificationStatus": "Success"}, "b@x": {"VerificationStatus": "Pending"}},
                         "Groups": [[1, 2], [3]], "Things": [{"S": "a"}, {}]});
        assert_eq!(search("VerificationAttributes.*.VerificationStatus", &doc), json!(["Success", "Pending"]));
        assert_eq!(search("Groups[*]", &doc), json!([[1, 2], [3]]));
        assert_eq!(search("Groups[]", &doc), json!([1, 2, 3]));
        assert_eq!(search("Things[*].S", &doc), json!(["a"]));
        assert_eq!(search("Groups.*", &doc), Value::Null);
    }

    #[test]
    fn the_hardest_botocore_waiter_expressions() {
        let services = json!({"services": [
            {"deployments": [1], "runningCount": 2, "desiredCount": 2},
            {"deployments": [1, 2], "runningCount": 1, "desiredCount": 2}
        ]});
        let stable = "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`";
        assert_eq!(search(stable, &services), json!(false));
        let all_stable = json!({"services": [{"deployments": [1], "runningCount": 2, "desiredCount": 2}]});
        assert_eq!(search(stable, &all_stable), json!(true));
        let kinesis = "length(KinesisDataStreamDestinations) > `0`  && length(KinesisDataStreamDestinations[?DestinationStatus == 'DISABLED' || DestinationStatus == 'ENABLE_FAILED']) ==  length(KinesisDataStreamDestinations)";
        let disabled =
            json!({"KinesisDataStreamDestinations": [{"DestinationStatus": "DISABLED"}, {"DestinationStatus": "ENABLE_FAILED"}]});
        assert_eq!(search(kinesis, &disabled), json!(true));
        let mixed = json!({"KinesisDataStreamDestinations": [{"DestinationStatus": "DISABLED"}, {"DestinationStatus": "ACTIVE"}]});
        assert_eq!(search(kinesis, &mixed), json!(false));
        assert_eq!(search(kinesis, &json!({"KinesisDataStreamDestinations": []})), json!(false));
    }

    /// Every expression botocore 1.44.8's JSON-protocol waiters use parses.
    #[test]
    fn every_botocore_json_waiter_expression_parses() {
        for expr in BOTOCORE_JSON_WAITER_EXPRESSIONS {
            Expression::parse(expr).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    #[test]
    fn bad_expressions_are_errors() {
        for bad in ["", "a[", "a.", "foo(bar)", "`{bad`", "'open", "a ==", "a b"] {
            assert!(Expression::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        // Found by fuzzing (fuzz/regressions/jmespath): parsing recursed once per level.
        let deep = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(Expression::parse(&deep).unwrap_err().to_string().contains("nested too deeply"));
        let filters = format!("{}a{}", "a[?".repeat(5_000), "]".repeat(5_000));
        assert!(Expression::parse(&filters).is_err());
        let shallow = format!("{}a{}", "(".repeat(20), ")".repeat(20));
        assert_eq!(Expression::parse(&shallow).unwrap().search(&serde_json::json!({"a": 1})), serde_json::json!(1));
        // Runs of `!` fold: odd counts negate, even counts make a boolean.
        let doc = serde_json::json!({"a": "x"});
        assert_eq!(Expression::parse(&format!("{}a", "!".repeat(100_001))).unwrap().search(&doc), serde_json::json!(false));
        assert_eq!(Expression::parse(&format!("{}a", "!".repeat(100_000))).unwrap().search(&doc), serde_json::json!(true));
    }

    /// All 69 distinct expressions of botocore 1.44.8 JSON-protocol waiters.
    const BOTOCORE_JSON_WAITER_EXPRESSIONS: &[&str] = &[
        "AcmeDomainValidation.Status",
        "AcmeEndpoint.Status",
        "AuditReportStatus",
        "BulkOperationDescription.BulkOperationStatus",
        "CallAnalyticsJob.CallAnalyticsJobStatus",
        "Certificate.DomainValidationOptions[].ValidationStatus",
        "Certificate.Status",
        "ChannelDescription.ChannelStatus",
        "Cluster.Status.State",
        "Connections[].Status",
        "ContributorInsightsStatus",
        "DatastoreProperties.DatastoreStatus",
        "EndpointStatus",
        "Endpoints[].Status",
        "ExportDescription.ExportStatus",
        "ExportJobProperties.JobStatus",
        "FirewallPolicyResponse.FirewallPolicyStatus",
        "Fleets[].State",
        "ImageStatus",
        "ImageVersionStatus",
        "ImportJobProperties.JobStatus",
        "ImportTableDescription.ImportStatus",
        "KinesisDataStreamDestinations[].DestinationStatus",
        "LanguageModel.ModelStatus",
        "MedicalScribeJob.MedicalScribeJobStatus",
        "MedicalTranscriptionJob.TranscriptionJobStatus",
        "NotebookInstanceStatus",
        "ProcessingJobStatus",
        "ProgressEvent.OperationStatus",
        "ProjectVersionDescriptions[].Status",
        "ReplicationInstances[].ReplicationInstanceStatus",
        "ReplicationTasks[].Status",
        "Requests[].Status",
        "Results[].Status",
        "Server.State",
        "Status",
        "Step.Status.State",
        "StreamDescription.StreamStatus",
        "Table.TableStatus",
        "TrainingJobStatus",
        "TranscriptionJob.TranscriptionJobStatus",
        "TransformJobStatus",
        "TransformationJobProperties.JobStatus",
        "UpdateActivities.SelfManagedInstances[].Status",
        "VocabularyState",
        "component.deploymentStatus",
        "connection.state",
        "daemon.status",
        "daemonDeployments[].status",
        "daemonTaskDefinition.status",
        "deploymentInfo.status",
        "environment.deploymentStatus",
        "environmentTemplateVersion.status",
        "evaluationState",
        "executionState",
        "failures[].reason",
        "imageScanStatus.status",
        "length(CompositeAlarms[]) > `0`",
        "length(KinesisDataStreamDestinations) > `0`  && length(KinesisDataStreamDestinations[?DestinationStatus == 'DISABLED' || DestinationStatus == 'ENABLE_FAILED']) ==  length(KinesisDataStreamDestinations)",
        "length(LogAlarms[]) > `0`",
        "length(MetricAlarms[]) > `0`",
        "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`",
        "service.pipeline.deploymentStatus",
        "service.status",
        "serviceInstance.deploymentStatus",
        "serviceTemplateVersion.status",
        "services[].status",
        "status",
        "tasks[].lastStatus",
    ];
}
