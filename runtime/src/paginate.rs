//! Paginators, generated from `paginators-1.json`: pages, or the items inside them, as a
//! `Stream` or through `next().await`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::client::Handle;
use crate::error::{ResponseError, SdkError};
use crate::operation::Operation;

/// An operation the model paginates; generated for each entry of `paginators-1.json`.
pub trait Paginated: Operation
where
    Self::Input: Clone + Send + Sync + 'static,
    Self::Output: Send + 'static,
    Self::Error: Send + 'static,
{
    /// What the item stream yields: the elements of the (first) `result_key`.
    type Item: Send + 'static;
    /// The token's type: a string, or a key map for DynamoDB's `Query` and `Scan`.
    type Token: PageToken;

    /// Puts `token` into the input's `input_token` member.
    fn set_token(input: &mut Self::Input, token: Option<Self::Token>);
    /// The output's `output_token`, if any.
    fn next_token(output: &Self::Output) -> Option<&Self::Token>;
    /// Sets the page size through the `limit_key` member, where the model has one.
    fn set_page_size(_input: &mut Self::Input, _size: i32) {}
    /// `false` when the output's `more_results` member says the last page was reached.
    fn more_results(_output: &Self::Output) -> bool {
        true
    }
    /// Takes the items out of a page.
    fn items(output: Self::Output) -> Vec<Self::Item>;
}

/// A pagination token: a string for almost every paginator, a key map (DynamoDB's
/// `LastEvaluatedKey`) for a few.
pub trait PageToken: Clone + PartialEq + std::fmt::Debug + Send + Sync + Unpin + 'static {
    /// An empty token (`""`, `{}`) ends paging as a missing one does.
    fn is_empty(&self) -> bool;
    /// The token as an error names it.
    fn describe(&self) -> String;
}

impl PageToken for String {
    fn is_empty(&self) -> bool {
        str::is_empty(self)
    }
    fn describe(&self) -> String {
        format!("{self:?}")
    }
}

impl<K, V> PageToken for std::collections::BTreeMap<K, V>
where
    K: Clone + Ord + std::fmt::Debug + Send + Sync + 'static,
    V: Clone + PartialEq + std::fmt::Debug + Send + Sync + 'static,
{
    fn is_empty(&self) -> bool {
        std::collections::BTreeMap::is_empty(self)
    }
    /// Not the values: a key map holds the caller's own data.
    fn describe(&self) -> String {
        format!("(a key map of {} entries)", self.len())
    }
}

/// What a paginator does after a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Advance<T = String> {
    /// Ask for the next page with this token.
    Next(T),
    /// That was the last page: no token, an empty one, or `more_results` false.
    Done,
    /// The page carries the token its request sent; following it would loop forever.
    Repeated(T),
}

/// Decides, from the token `sent` with a request and what its page says, how paging goes
/// on. Kept free of I/O so that it can be tested and fuzzed alone.
pub fn advance<T: PageToken>(sent: Option<&T>, token: Option<&T>, more_results: bool) -> Advance<T> {
    match token.filter(|t| !t.is_empty()) {
        Some(token) if more_results && sent == Some(token) => Advance::Repeated(token.clone()),
        Some(token) if more_results => Advance::Next(token.clone()),
        _ => Advance::Done,
    }
}

/// A page, or the error that ended the paging.
pub type PageResult<O> = Result<<O as Operation>::Output, SdkError<<O as Operation>::Error>>;
/// An item, or the error that ended the paging.
pub type ItemResult<O> = Result<<O as Paginated>::Item, SdkError<<O as Operation>::Error>>;

type PageFuture<O> = Pin<Box<dyn Future<Output = PageResult<O>> + Send>>;

/// The pages of a paginated call, each fetched when asked for.
pub struct Pages<O: Paginated>
where
    O::Input: Clone + Send + Sync + 'static,
    O::Output: Send + 'static,
    O::Error: Send + 'static,
{
    handle: Handle,
    input: O::Input,
    /// The token of the request in flight or last sent; a server that sends it back
    /// would loop forever.
    sent: Option<O::Token>,
    in_flight: Option<PageFuture<O>>,
    done: bool,
}

impl<O: Paginated> Pages<O>
where
    O::Input: Clone + Send + Sync + 'static,
    O::Output: Send + 'static,
    O::Error: Send + 'static,
{
    /// Pages of `O`, starting from `input` (its token, if set, is where paging starts).
    pub fn new(handle: Handle, input: O::Input) -> Self {
        Pages { handle, input, sent: None, in_flight: None, done: false }
    }

    /// Asks for `size` items per page, through the operation's limit member.
    pub fn page_size(mut self, size: i32) -> Self {
        O::set_page_size(&mut self.input, size);
        self
    }

    /// The next page; `None` after the last one or after an error.
    pub async fn next(&mut self) -> Option<PageResult<O>> {
        std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    /// The items of every page, one by one.
    pub fn items(self) -> Items<O> {
        Items { pages: self, buffer: std::collections::VecDeque::new() }
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<PageResult<O>>> {
        if self.done {
            return Poll::Ready(None);
        }
        let future = self.in_flight.get_or_insert_with(|| {
            let handle = self.handle.clone();
            let input = self.input.clone();
            Box::pin(async move { handle.call::<O>(&input).await })
        });
        let result = match future.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        self.in_flight = None;
        let output = match result {
            Ok(output) => output,
            Err(e) => {
                self.done = true;
                return Poll::Ready(Some(Err(e)));
            }
        };
        match advance(self.sent.as_ref(), O::next_token(&output), O::more_results(&output)) {
            Advance::Next(token) => {
                O::set_token(&mut self.input, Some(token.clone()));
                self.sent = Some(token);
            }
            Advance::Done => self.done = true,
            Advance::Repeated(token) => {
                self.done = true;
                return Poll::Ready(Some(Err(SdkError::Response(ResponseError {
                    operation: O::NAME,
                    message: format!("the service repeated pagination token {}; stopping instead of looping", token.describe()),
                    status: 200,
                    request_id: crate::RequestId::request_id(&output).map(str::to_string),
                }))));
            }
        }
        Poll::Ready(Some(Ok(output)))
    }
}

impl<O: Paginated> futures_core::Stream for Pages<O>
where
    O::Input: Clone + Send + Sync + 'static + Unpin,
    O::Output: Send + 'static,
    O::Error: Send + 'static,
{
    type Item = PageResult<O>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }
}

/// The items of every page of a paginated call.
pub struct Items<O: Paginated>
where
    O::Input: Clone + Send + Sync + 'static,
    O::Output: Send + 'static,
    O::Error: Send + 'static,
{
    pages: Pages<O>,
    buffer: std::collections::VecDeque<O::Item>,
}

impl<O: Paginated> Items<O>
where
    O::Input: Clone + Send + Sync + 'static,
    O::Output: Send + 'static,
    O::Error: Send + 'static,
{
    /// The next item; `None` after the last page or after an error.
    pub async fn next(&mut self) -> Option<ItemResult<O>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<ItemResult<O>>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match self.pages.poll_page(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => self.buffer.extend(O::items(page)),
            }
        }
    }
}

impl<O: Paginated> futures_core::Stream for Items<O>
where
    O::Input: Clone + Send + Sync + 'static + Unpin,
    O::Output: Send + 'static,
    O::Error: Send + 'static,
    O::Item: Unpin,
{
    type Item = ItemResult<O>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{advance, Advance, PageToken};

    #[test]
    fn paging_goes_on_only_with_a_new_token_and_more_results() {
        let (a, b, empty) = (&"a".to_string(), &"b".to_string(), &String::new());
        assert_eq!(advance(None, Some(a), true), Advance::Next(a.clone()));
        assert_eq!(advance(Some(a), Some(b), true), Advance::Next(b.clone()));
        assert_eq!(advance(Some(a), Some(a), true), Advance::Repeated(a.clone()));
        assert_eq!(advance(Some(a), Some(b), false), Advance::Done);
        assert_eq!(advance(Some(a), Some(empty), true), Advance::Done);
        assert_eq!(advance::<String>(None, None, true), Advance::Done);
        // A repeated token on the last page ends paging normally: nothing would loop.
        assert_eq!(advance(Some(a), Some(a), false), Advance::Done);
    }

    #[test]
    fn key_maps_page_like_strings_and_never_show_their_values() {
        let key = |id: &str| BTreeMap::from([("Id".to_string(), id.to_string())]);
        let (first, second) = (key("secret-customer-1"), key("secret-customer-2"));
        assert_eq!(advance(Some(&first), Some(&second), true), Advance::Next(second.clone()));
        assert_eq!(advance(Some(&first), Some(&first), true), Advance::Repeated(first.clone()));
        assert_eq!(advance(Some(&first), Some(&BTreeMap::new()), true), Advance::Done);
        assert_eq!(first.describe(), "(a key map of 1 entries)");
        assert_eq!("tok".to_string().describe(), "\"tok\"");
    }
}
