package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/arena-dev/arena/arena"
)

var _ arena.LabStore = (*DB)(nil)

// CreateLab adds a lab with its first owner.
func (db *DB) CreateLab(ctx context.Context, name string, ownerID int64, now time.Time) (_ *arena.Lab, err error) {
	defer wrap(&err, "CreateLab")
	l := &arena.Lab{Name: name, CreatedAt: now}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO labs (name, created_at) VALUES (?, ?) RETURNING id`, name, ms(now)).Scan(&l.ID)
		if db.isUnique(err) {
			return arena.Errorf(arena.ECONFLICT, "A lab named %q already exists.", name)
		} else if err != nil {
			return err
		}
		return addMember(ctx, tx, l.ID, ownerID, arena.LabOwner, now)
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

func addMember(ctx context.Context, tx *sql.Tx, labID, userID int64, role arena.LabRole, now time.Time) error {
	var guest bool
	err := tx.QueryRowContext(ctx, `SELECT is_guest FROM users WHERE id = ?`, userID).Scan(&guest)
	if errors.Is(err, sql.ErrNoRows) {
		return arena.Errorf(arena.ENOTFOUND, "No such user.")
	} else if err != nil {
		return err
	}
	if guest {
		return arena.Errorf(arena.EINVALID, "Guests cannot join labs; sign up first.")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO lab_members (lab_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (lab_id, user_id) DO UPDATE SET role = excluded.role`, labID, userID, string(role), ms(now)); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE users SET role = 'lab' WHERE id = ? AND role = 'user'`, userID)
	return err
}

func scanLabs(rows *sql.Rows, withRole bool) ([]arena.Lab, error) {
	defer rows.Close()
	var out []arena.Lab
	for rows.Next() {
		var l arena.Lab
		var created int64
		var role string
		dst := []any{&l.ID, &l.Name, &created}
		if withRole {
			dst = append(dst, &role)
		}
		if err := rows.Scan(dst...); err != nil {
			return nil, err
		}
		l.CreatedAt, l.Role = fromMS(created), arena.LabRole(role)
		out = append(out, l)
	}
	return out, rows.Err()
}

// LabByID returns a lab.
func (db *DB) LabByID(ctx context.Context, id int64) (_ *arena.Lab, err error) {
	defer wrap(&err, "LabByID")
	var l arena.Lab
	var created int64
	err = db.read.QueryRowContext(ctx, `SELECT id, name, created_at FROM labs WHERE id = ?`, id).Scan(&l.ID, &l.Name, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, arena.Errorf(arena.ENOTFOUND, "No such lab.")
	} else if err != nil {
		return nil, err
	}
	l.CreatedAt = fromMS(created)
	return &l, nil
}

// AllLabs lists every lab by name.
func (db *DB) AllLabs(ctx context.Context) (_ []arena.Lab, err error) {
	defer wrap(&err, "AllLabs")
	rows, err := db.read.QueryContext(ctx, `SELECT id, name, created_at FROM labs ORDER BY name`)
	if err != nil {
		return nil, err
	}
	return scanLabs(rows, false)
}

// LabsOfUser lists the labs a user belongs to, with their role.
func (db *DB) LabsOfUser(ctx context.Context, userID int64) (_ []arena.Lab, err error) {
	defer wrap(&err, "LabsOfUser")
	rows, err := db.read.QueryContext(ctx, `SELECT l.id, l.name, l.created_at, m.role FROM labs l
		JOIN lab_members m ON m.lab_id = l.id WHERE m.user_id = ? ORDER BY l.name`, userID)
	if err != nil {
		return nil, err
	}
	return scanLabs(rows, true)
}

// LabRoleOf is a user's role in a lab, "" when not a member.
func (db *DB) LabRoleOf(ctx context.Context, labID, userID int64) (_ arena.LabRole, err error) {
	defer wrap(&err, "LabRoleOf")
	var role string
	err = db.read.QueryRowContext(ctx, `SELECT role FROM lab_members WHERE lab_id = ? AND user_id = ?`, labID, userID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return arena.LabRole(role), err
}

// LabMembers lists a lab's members, owners first.
func (db *DB) LabMembers(ctx context.Context, labID int64) (_ []arena.LabMemberInfo, err error) {
	defer wrap(&err, "LabMembers")
	rows, err := db.read.QueryContext(ctx, `SELECT m.user_id, u.username, m.role, m.created_at FROM lab_members m
		JOIN users u ON u.id = m.user_id WHERE m.lab_id = ? ORDER BY m.role DESC, u.username`, labID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.LabMemberInfo
	for rows.Next() {
		var m arena.LabMemberInfo
		var role string
		var created int64
		if err := rows.Scan(&m.UserID, &m.Username, &role, &created); err != nil {
			return nil, err
		}
		m.Role, m.AddedAt = arena.LabRole(role), fromMS(created)
		out = append(out, m)
	}
	return out, rows.Err()
}

// AddLabMember adds or updates a member.
func (db *DB) AddLabMember(ctx context.Context, labID, userID int64, role arena.LabRole, now time.Time) (err error) {
	defer wrap(&err, "AddLabMember")
	return db.inTx(ctx, func(tx *sql.Tx) error { return addMember(ctx, tx, labID, userID, role, now) })
}
