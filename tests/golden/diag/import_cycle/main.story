import "lib/x"
character li { look: "x" }
