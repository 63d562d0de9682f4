#!/bin/sh
# Prepares the object store for Graminsta (stage 5), before the API starts; safe to run again.
#   - the bucket;
#   - anonymous GET on attachments/ and avatars/ only, for the media edge (a bucket policy:
#     MinIO keeps no per-object ACLs, so GRAMINSTA_S3_PUBLIC_READ_ACL stays false here);
#     private/ (originals, with their metadata) stays private;
#   - the application's own key, allowed on this bucket and nothing else.
set -eu

bucket=graminsta

until mc alias set store http://minio:9000 "$S3_ROOT_USER" "$S3_ROOT_PASSWORD" >/dev/null 2>&1; do
    echo "waiting for the object store..."
    sleep 1
done

mc mb --ignore-existing "store/$bucket"
mc anonymous set download "store/$bucket/attachments"
mc anonymous set download "store/$bucket/avatars"

cat >/tmp/graminsta-app-policy.json <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
      "Resource": ["arn:aws:s3:::$bucket"]
    },
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload",
                 "s3:ListMultipartUploadParts"],
      "Resource": ["arn:aws:s3:::$bucket/*"]
    }
  ]
}
JSON
mc admin policy create store graminsta-app /tmp/graminsta-app-policy.json
mc admin user add store "$GRAMINSTA_S3_ACCESS_KEY" "$GRAMINSTA_S3_SECRET_KEY"
# Attaching twice is an error; a second run finds it attached already.
mc admin policy attach store graminsta-app --user "$GRAMINSTA_S3_ACCESS_KEY" \
    || mc admin user info store "$GRAMINSTA_S3_ACCESS_KEY" | grep -q graminsta-app
echo "object store ready: bucket $bucket"
