class Widget < Formula
  desc "Widget does things"
  homepage "https://github.com/acme/widget"
  version "1.2.3"
  url "https://github.com/acme/widget/releases/download/v1.2.3/widget_Darwin_arm64.tar.gz"
  sha256 ""

  def install
    bin.install "widget"
  end
end
