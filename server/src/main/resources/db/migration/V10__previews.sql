-- Photos get a preview: their own shape in Mastodon's 230,400-pixel budget, for preview_url
-- (the square grid thumbnail keeps its place as "thumb"). New uploads get theirs when processed;
-- this first job of media.backfill-previews makes them for the photos already there, one page at a
-- time, each page enqueueing the next (media/PreviewBackfill.java).
INSERT INTO jobs (type, payload) VALUES ('media.backfill-previews', '{"afterId": 0}');
