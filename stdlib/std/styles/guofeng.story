// std/styles/guofeng.story - Chinese painting styles (guofeng, 国风).
// import "std/styles/guofeng"   then   style: guofeng.ink_wash

style ink_wash "Ink wash" {
  prompt: "traditional Chinese ink wash painting, shuimo, expressive brushstrokes,
           monochrome ink with subtle color washes, rice paper texture, generous negative space"
  negative: "photorealistic, 3d render, neon colors, text, watermark"
}
