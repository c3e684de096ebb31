character li { look: "a" }
place li { look: "b" }
character mei { look: "c" look: "d" }
series "A" { format: vertical_1080p }
series "B" { format: vertical_1080p }
