export const SQL_USERS = 'SELECT name, email FROM users WHERE name = :name';

export const SQL_INSERT_USER = 'INSERT INTO users (name, email) VALUES (:name, :email)';

export const SQL_USERS_IN = 'SELECT name, email FROM users WHERE name = ANY(:names) ORDER BY name';
