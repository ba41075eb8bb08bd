//! The loopback callback over real TCP, driven the way a browser would.

use super::*;
use crate::ims::{ImsConfig, begin_login};

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

async fn started() -> (Listener, PendingLogin) {
    let listener = listen(0).await.unwrap();
    let config = ImsConfig::user(url::Url::parse("https://ims-na1.adobelogin.com").unwrap(), "wfio-demo-public")
        .with_redirect_uri(listener.redirect_uri());
    (listener, begin_login(&config))
}

#[tokio::test]
async fn one_good_answer_is_taken_and_the_port_closes() {
    let (listener, pending) = started().await;
    assert!(listener.listener.local_addr().unwrap().ip().is_loopback(), "bound to 127.0.0.1 only");
    let base = format!("http://127.0.0.1:{}", listener.port());
    assert_eq!(pending.redirect_uri, format!("{base}/callback"));
    let state = pending.state.clone();
    let waiting = tokio::spawn(async move { listener.next_code(&pending, Duration::from_secs(10)).await });
    // A browser's preconnect that never sends anything must not hold up the real answer.
    let _idle = TcpStream::connect(("127.0.0.1", base.rsplit(':').next().unwrap().parse::<u16>().unwrap())).await;
    let other = client().get(format!("{base}/favicon.ico")).send().await.unwrap();
    assert_eq!(other.status(), 404);
    let page = client().get(format!("{base}/callback?code=C-123&state={state}")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("You can close this tab"));
    assert_eq!(waiting.await.unwrap(), Ok("C-123".to_owned()));
    assert!(client().get(format!("{base}/callback")).send().await.is_err(), "closed after one answer");
}

#[tokio::test]
async fn a_foreign_state_or_an_error_ends_the_wait_with_it() {
    let (listener, pending) = started().await;
    let base = format!("http://127.0.0.1:{}", listener.port());
    let waiting = tokio::spawn(async move { listener.next_code(&pending, Duration::from_secs(10)).await });
    let page = client().get(format!("{base}/callback?code=C&state=not-ours")).send().await.unwrap();
    assert_eq!(page.status(), 400);
    assert!(page.text().await.unwrap().contains("another sign-in"));
    assert_eq!(waiting.await.unwrap(), Err(ImsError::StateMismatch));

    let (listener, pending) = started().await;
    let base = format!("http://127.0.0.1:{}", listener.port());
    let state = pending.state.clone();
    let waiting = tokio::spawn(async move { listener.next_code(&pending, Duration::from_secs(10)).await });
    let url = format!("{base}/callback?error=access_denied&error_description=%3Cb%3Eno%3C%2Fb%3E&state={state}");
    let page = client().get(url).send().await.unwrap();
    assert_eq!(page.status(), 400);
    let text = page.text().await.unwrap();
    assert!(text.contains("&lt;b&gt;no&lt;/b&gt;") && !text.contains("<b>no"), "escaped: {text}");
    assert_eq!(
        waiting.await.unwrap(),
        Err(ImsError::Denied { error: "access_denied".into(), description: "<b>no</b>".into() })
    );
}

#[tokio::test]
async fn the_wait_is_bounded() {
    let (listener, pending) = started().await;
    let err = listener.next_code(&pending, Duration::from_millis(50)).await.unwrap_err();
    assert!(matches!(err, ImsError::Timeout { .. }), "{err}");
    // A port in use is said plainly.
    let taken = listen(0).await.unwrap();
    let err = listen(taken.port()).await.unwrap_err();
    assert!(err.to_string().contains(&format!("127.0.0.1:{}", taken.port())), "{err}");
}
