cask "gadget" do
  arch arm: "arm64", intel: "x86_64"

  version "3.4.5"
  sha256 arm:   "7777777777777777777777777777777777777777777777777777777777777777",
         intel: "8888888888888888888888888888888888888888888888888888888888888888"

  url "https://github.com/acme/gadget/releases/download/v#{version}/gadget_#{arch}.dmg"
  name "Gadget"
  desc "Gadget app"
  homepage "https://github.com/acme/gadget"

  app "Gadget.app"
end
