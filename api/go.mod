module github.com/tiledbcloud-go/tiledbcloud/api

go 1.24.0

require (
	github.com/tiledbcloud-go/tiledbcloud v0.0.0
	go.yaml.in/yaml/v3 v3.0.5
)

// The SDK in this repository, whose fake server the tests check.
replace github.com/tiledbcloud-go/tiledbcloud => ../
