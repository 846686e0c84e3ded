package docgen

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
)

// PropsTables renders, for each exported struct type named ...Props or
// ...Options in the Go files of dir (tests excluded), a table of its fields
// and the default each one's doc comment states after "Default:" (or that it
// is required: "Required." or "Required: ..."). A field that states neither
// is an error: every optional prop documents its default behaviour.
func PropsTables(dir string) (string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return "", err
	}
	sort.Strings(files)
	var out strings.Builder
	var problems []error
	fset := token.NewFileSet()
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return "", err
		}
		for _, decl := range file.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.TYPE {
				continue
			}
			for _, spec := range gen.Specs {
				ts := spec.(*ast.TypeSpec)
				st, ok := ts.Type.(*ast.StructType)
				name := ts.Name.Name
				if !ok || !ast.IsExported(name) || !(strings.HasSuffix(name, "Props") || strings.HasSuffix(name, "Options")) {
					continue
				}
				rows, errs := propRows(name, st)
				problems = append(problems, errs...)
				fmt.Fprintf(&out, "\n`%s`:\n\n%s", name, Table([]string{"Prop", "Default"}, rows))
			}
		}
	}
	if err := errors.Join(problems...); err != nil {
		return "", err
	}
	return strings.TrimPrefix(out.String(), "\n"), nil
}

func propRows(typeName string, st *ast.StructType) ([][]string, []error) {
	var rows [][]string
	var problems []error
	for _, field := range st.Fields.List {
		if len(field.Names) == 0 {
			embedded := typeString(field.Type)
			rows = append(rows, []string{"(embeds `" + embedded + "`)", "see `" + embedded + "`"})
			continue
		}
		for _, n := range field.Names {
			if !n.IsExported() {
				continue
			}
			text := strings.Join(strings.Fields(field.Doc.Text()), " ")
			def, ok := statedDefault(text)
			if !ok {
				problems = append(problems, fmt.Errorf("%s.%s: its doc comment states no Default: or Required:", typeName, n.Name))
			}
			rows = append(rows, []string{"`" + n.Name + "`", def})
		}
	}
	return rows, problems
}

// statedDefault returns what follows "Default:" in a doc comment, or
// "required: ..." for one that says "Required:".
func statedDefault(doc string) (string, bool) {
	if _, after, ok := strings.Cut(doc, "Default:"); ok {
		return strings.TrimSpace(after), true
	}
	if _, after, ok := strings.Cut(doc, "Required:"); ok {
		return "required: " + strings.TrimSpace(after), true
	}
	if strings.Contains(doc, "Required.") {
		return "required", true
	}
	return "", false
}

func typeString(expr ast.Expr) string {
	switch e := expr.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.StarExpr:
		return "*" + typeString(e.X)
	case *ast.SelectorExpr:
		return typeString(e.X) + "." + e.Sel.Name
	default:
		return fmt.Sprintf("%T", expr)
	}
}
