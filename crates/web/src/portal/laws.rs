//! Statute texts (so a legal basis links to the words of the article) and 救济渠道.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use sanxiang_store::entity::law_article;

use super::{clean, not_found};
use crate::error::{PageError, render};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "portal/laws.html")]
struct LawsPage {
    canonical: String,
    laws: Vec<(String, String)>,
}

pub async fn laws(State(s): State<AppState>) -> Result<Response, PageError> {
    let mut laws: Vec<(String, String)> = s
        .app
        .law_slugs()
        .await?
        .into_iter()
        .map(|(title, slug)| (slug, title))
        .collect();
    laws.sort();
    Ok(render(&LawsPage {
        canonical: "/laws".into(),
        laws,
    }))
}

pub struct Chapter {
    pub heading: Option<String>,
    pub articles: Vec<law_article::Model>,
}

#[derive(Template)]
#[template(path = "portal/law.html")]
struct LawPage {
    canonical: String,
    title: String,
    chapters: Vec<Chapter>,
}

pub async fn law(
    State(s): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let slug = clean(&slug, 60);
    let canonical = format!("/laws/{slug}");
    let articles = match s.app.law_text(&slug).await {
        Ok(a) => a,
        Err(sanxiang_app::AppError::NotFound) => return Ok(not_found(canonical, "法律法规")),
        Err(e) => return Err(e.into()),
    };
    let title = articles
        .first()
        .map(|a| a.law_title.clone())
        .unwrap_or_default();
    let mut chapters: Vec<Chapter> = Vec::new();
    for a in articles {
        let heading = match (&a.chapter, &a.section) {
            (Some(c), Some(sec)) => Some(format!("{c} {sec}")),
            (Some(c), None) => Some(c.clone()),
            _ => None,
        };
        match chapters.last_mut() {
            Some(ch) if ch.heading == heading => ch.articles.push(a),
            _ => chapters.push(Chapter {
                heading,
                articles: vec![a],
            }),
        }
    }
    Ok(render(&LawPage {
        canonical,
        title,
        chapters,
    }))
}

#[derive(Template)]
#[template(path = "portal/remedies.html")]
struct RemediesPage {
    canonical: String,
}

pub async fn remedies() -> Response {
    render(&RemediesPage {
        canonical: "/remedies".into(),
    })
}
