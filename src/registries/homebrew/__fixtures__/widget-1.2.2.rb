# typed: false
# frozen_string_literal: true

# Written for shipwatch tests in the shape release tools generate for a tap.
class Widget < Formula
  desc "Widget does things"
  homepage "https://github.com/acme/widget"
  version "1.2.2"
  license "MIT"

  on_macos do
    if Hardware::CPU.intel?
      url "https://github.com/acme/widget/releases/download/v1.2.2/widget_Darwin_x86_64.tar.gz"
      sha256 "1111111111111111111111111111111111111111111111111111111111111111"

      def install
        bin.install "widget"
      end
    end
    if Hardware::CPU.arm?
      url "https://github.com/acme/widget/releases/download/v1.2.2/widget_Darwin_arm64.tar.gz"
      sha256 "2222222222222222222222222222222222222222222222222222222222222222"

      def install
        bin.install "widget"
      end
    end
  end

  on_linux do
    if Hardware::CPU.intel? && Hardware::CPU.is_64_bit?
      url "https://github.com/acme/widget/releases/download/v1.2.2/widget_Linux_x86_64.tar.gz"
      sha256 "33333333333333333333333333333333333333333333333333333333333333AA"

      def install
        bin.install "widget"
      end
    end
  end

  test do
    system "#{bin}/widget", "--version"
  end
end
