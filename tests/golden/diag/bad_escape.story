character li { look: "a \q fisherman" }
character mei { look: "a \u{110000} girl" }
