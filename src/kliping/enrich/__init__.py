"""Enrichment of articles: language (`lang`), named entities (`ner`), canonical entities (`aliases`,
`canonical`), time expressions (`timex`) and quotes (`quotes`); `pipeline.enrich` runs them on an article."""
