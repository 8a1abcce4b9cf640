-- A user may hold several roles; their permissions are the union. users.role stays as the
-- primary role (shown in the header, kept for older code); user_roles lists every role the
-- user holds, the primary one included. Seeded from the existing role column.
CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users(id),
  role    TEXT NOT NULL CHECK (role IN ('cashier', 'clerk', 'supervisor', 'admin')),
  PRIMARY KEY (user_id, role)
) STRICT, WITHOUT ROWID;

INSERT INTO user_roles (user_id, role) SELECT id, role FROM users;

-- Code that inserts a user or changes the primary role directly still leaves the primary role
-- among the user's roles.
CREATE TRIGGER users_primary_role_insert AFTER INSERT ON users BEGIN
  INSERT OR IGNORE INTO user_roles (user_id, role) VALUES (NEW.id, NEW.role);
END;
CREATE TRIGGER users_primary_role_update AFTER UPDATE OF role ON users BEGIN
  INSERT OR IGNORE INTO user_roles (user_id, role) VALUES (NEW.id, NEW.role);
END;
-- The primary role can't be taken away while it is primary.
CREATE TRIGGER user_roles_keep_primary BEFORE DELETE ON user_roles
  WHEN EXISTS (SELECT 1 FROM users WHERE id = OLD.user_id AND role = OLD.role)
BEGIN
  SELECT RAISE(ABORT, 'PRIMARY_ROLE: change the primary role before removing it');
END;
