package dataset

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
)

// maxParquetFooter bounds a Parquet file's footer (its schema and the description of
// each row group), which parquet-go allocates whole from the length the file states.
// This arena's exports have footers of a few KB per row group; LMArena's largest
// files have well under a megabyte.
const maxParquetFooter = 64 << 20

// checkParquetFooter refuses a file whose footer length, in its last 8 bytes (a
// little-endian length and "PAR1"), cannot be right: longer than what the file holds
// besides the magic bytes, or than maxParquetFooter. parquet-go would allocate it
// first, so a 112-byte file could make it take 2 GiB.
func checkParquetFooter(f *os.File, size int64) error {
	if size < 12 {
		return fmt.Errorf("%d bytes are too few for a Parquet file", size)
	}
	var tail [8]byte
	if _, err := f.ReadAt(tail[:], size-8); err != nil {
		return err
	}
	if string(tail[4:]) != "PAR1" {
		return errors.New(`it does not end with "PAR1": truncated, or not Parquet`)
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	if n > size-12 {
		return fmt.Errorf("its footer claims %d bytes, more than the file's %d bytes hold", n, size)
	}
	if n > maxParquetFooter {
		return fmt.Errorf("its footer claims %d bytes, more than the %d a Parquet import accepts", n, maxParquetFooter)
	}
	return nil
}

// parquetCall runs a call into parquet-go, turning a panic into an error: the library
// indexes slices with numbers from the file, and crafted metadata made it panic with a
// stack trace (in ReadPageIndex, and reading rows of a column whose declared repetition
// does not match its pages). Our own code runs outside it, so its bugs still panic.
func parquetCall(call func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the Parquet reader failed on its metadata (%v)", r)
		}
	}()
	return call()
}

func importParquet(ctx context.Context, sink ImportSink, path string, opt ImportOptions) (int64, error) {
	ids := contentIDs{}
	var n, images int64
	err := readParquet(ctx, path, func(row int64, pb *parquetBattle) error {
		b, skipped, err := pb.row.battle(ids)
		if err != nil {
			return &RecordError{File: path, Row: row, Err: err}
		}
		images += int64(skipped)
		if err := sink.Add(ctx, b); err != nil {
			return fmt.Errorf("%s: row %d: %w", path, row, err)
		}
		if n++; opt.Progress != nil && n%4096 == 0 {
			opt.Progress(n)
		}
		return nil
	})
	if err == nil {
		opt.noteImages(images)
	}
	return n, err
}
