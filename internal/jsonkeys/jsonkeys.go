// Package jsonkeys finds keys given twice in the same JSON object.
//
// encoding/json accepts such a document without complaint and keeps the
// last value, so a cdk.json read by the CDK app that names a setting (or an
// environment under context.environments) twice would silently let the
// second one win over the first. Find reports every such key, with the lines
// of both occurrences, so the app can refuse the file instead.
package jsonkeys

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Duplicate is a key given twice in one object.
type Duplicate struct {
	// Path is the object's path from the root: dot-separated keys, e.g.
	// "context.environments.staging" ("" for the root object), with array
	// elements as [i], e.g. "a[2]".
	Path string
	// Key is the key given twice, unescaped.
	Key string
	// Line is the 1-based line of the second occurrence.
	Line int
	// First is the 1-based line of the first occurrence.
	First int
}

// frame is an object or array being read.
type frame struct {
	path      string
	obj       bool
	seen      map[string]int // key -> line of its first occurrence (objects)
	expectKey bool           // the next token is a key or '}' (objects)
	key       string         // the key whose value is being read (objects)
	index     int            // index of the element being read (arrays)
}

// childPath is the path of the value being read in f; f is nil at the root.
func childPath(f *frame) string {
	switch {
	case f == nil:
		return ""
	case !f.obj:
		return f.path + "[" + strconv.Itoa(f.index) + "]"
	case f.path == "":
		return f.key
	default:
		return f.path + "." + f.key
	}
}

// valueDone records that a whole value has been read in f (nil at the root).
func valueDone(f *frame) {
	switch {
	case f == nil:
	case f.obj:
		f.expectKey = true
	default:
		f.index++
	}
}

// lineCounter turns increasing byte offsets into 1-based line numbers.
type lineCounter struct {
	data []byte
	off  int
	line int
}

func (c *lineCounter) lineAt(off int) int {
	if off < c.off {
		c.off, c.line = 0, 1
	}
	c.line += bytes.Count(c.data[c.off:off], []byte{'\n'})
	c.off = off
	return c.line
}

// keyStart returns the offset of the opening quote of the key that follows
// offset prev, the end of the previous token: the decoder skips whitespace
// and the comma between them.
func keyStart(data []byte, prev int) int {
	i := prev
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r', ',':
			i++
			continue
		}
		break
	}
	return i
}

// Find returns every key given twice in any object of data, in the order the
// second occurrences appear. A key given n times yields n-1 duplicates, each
// against the first occurrence. Keys are compared after unescaping, so "a"
// and "\u0061" are the same key. data must be a single valid JSON value (call
// Find after json.Unmarshal succeeded); on a syntax error Find returns the
// error.
func Find(data []byte) ([]Duplicate, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // numbers need not fit a float64
	lines := lineCounter{data: data, line: 1}
	var (
		dups    []Duplicate
		stack   []*frame
		started bool
	)
	top := func() *frame {
		if len(stack) == 0 {
			return nil
		}
		return stack[len(stack)-1]
	}
	for {
		prev := int(dec.InputOffset())
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if !started || len(stack) > 0 {
				return nil, errors.New("jsonkeys: unexpected end of JSON input")
			}
			return dups, nil
		}
		if err != nil {
			return nil, fmt.Errorf("jsonkeys: %w", err)
		}
		if started && len(stack) == 0 {
			return nil, fmt.Errorf("jsonkeys: invalid data after top-level value at offset %d", prev)
		}
		started = true

		f := top()
		if f != nil && f.obj && f.expectKey {
			key, ok := tok.(string)
			if !ok { // the decoder only lets '}' through here
				stack = stack[:len(stack)-1]
				valueDone(top())
				continue
			}
			line := lines.lineAt(keyStart(data, prev))
			if first, ok := f.seen[key]; ok {
				dups = append(dups, Duplicate{Path: f.path, Key: key, Line: line, First: first})
			} else {
				f.seen[key] = line
			}
			f.key = key
			f.expectKey = false
			continue
		}

		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{path: childPath(f), obj: true, seen: map[string]int{}, expectKey: true})
		case json.Delim('['):
			stack = append(stack, &frame{path: childPath(f)})
		case json.Delim(']'):
			stack = stack[:len(stack)-1]
			valueDone(top())
		default:
			valueDone(f)
		}
	}
}
