-- Up Migration
CREATE TABLE users (
  name text PRIMARY KEY,
  email text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE users;
