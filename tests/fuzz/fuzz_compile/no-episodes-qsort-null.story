character li { look: "x" }
