import "lib/a"
character li { look: "x" }
