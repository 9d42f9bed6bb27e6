// Photos prepared on the tablet before they are stored in the outbox: a photo whose longest side is
// above the limit (data-photo-max-side on <body>, default 2560 px) is redrawn at that size as JPEG, so a
// backlog of 12-megapixel camera shots fits the device and the server's batch limit. Redrawing drops
// the camera's EXIF block, so the capture time (the camera's DateTimeOriginal when it can be read,
// else the file's own time) is written back as the EXIF DateTime the server reads (findings/evidence.py).
// A photo already small enough is stored exactly as taken.
(function (global) {
  "use strict";

  var EXIF_TIME = /(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function exifStamp(date) {
    return date.getFullYear() + ":" + pad(date.getMonth() + 1) + ":" + pad(date.getDate()) + " " +
      pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds());
  }

  // The camera's time, read from the first EXIF time stamp of the file's head; the file's modification
  // time (the moment of capture for a photo just taken) when there is none.
  function captureTime(file) {
    var head = file.slice(0, 128 * 1024);
    return head.arrayBuffer().then(function (buffer) {
      var text = "";
      var bytes = new Uint8Array(buffer);
      for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
      var match = EXIF_TIME.exec(text);
      if (match) return match[0];
      return exifStamp(new Date(file.lastModified || Date.now()));
    });
  }

  // A minimal EXIF block: IFD0 with a single DateTime (0x0132) entry, big-endian.
  function exifSegment(stamp) {
    var ascii = stamp + "\0";
    var tiff = new Uint8Array(8 + 2 + 12 + 4 + ascii.length);
    var view = new DataView(tiff.buffer);
    tiff.set([0x4d, 0x4d, 0x00, 0x2a], 0);
    view.setUint32(4, 8);
    view.setUint16(8, 1);
    view.setUint16(10, 0x0132);
    view.setUint16(12, 2);
    view.setUint32(14, ascii.length);
    view.setUint32(18, 26);
    view.setUint32(22, 0);
    for (var i = 0; i < ascii.length; i++) tiff[26 + i] = ascii.charCodeAt(i);
    var header = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00];
    var length = 2 + header.length + tiff.length;
    var segment = new Uint8Array(2 + length);
    segment.set([0xff, 0xe1, length >> 8, length & 0xff], 0);
    segment.set(header, 4);
    segment.set(tiff, 4 + header.length);
    return segment;
  }

  function withTime(jpeg, stamp) {
    return jpeg.slice(0, 2).arrayBuffer().then(function (soi) {
      var start = new Uint8Array(soi);
      if (start[0] !== 0xff || start[1] !== 0xd8) return jpeg;
      return new Blob([jpeg.slice(0, 2), exifSegment(stamp), jpeg.slice(2)], { type: "image/jpeg" });
    });
  }

  function redraw(bitmap, maxSide) {
    var scale = maxSide / Math.max(bitmap.width, bitmap.height);
    var canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    if (bitmap.close) bitmap.close();
    return new Promise(function (resolve, reject) {
      canvas.toBlob(function (blob) {
        if (blob) resolve(blob); else reject(new Error("the photo could not be redrawn"));
      }, "image/jpeg", 0.85);
    });
  }

  function jpegName(name) {
    return (name || "photo").replace(/\.[^.]*$/, "") + ".jpg";
  }

  // Resolves with {blob, name, taken_at, width, height, resized}; rejects when the file is not a picture
  // the browser can read (the server would refuse it too).
  function prepare(file, maxSide) {
    return Promise.all([captureTime(file), createImageBitmap(file)]).then(function (both) {
      var stamp = both[0], bitmap = both[1];
      var size = { width: bitmap.width, height: bitmap.height };
      if (Math.max(bitmap.width, bitmap.height) <= maxSide) {
        if (bitmap.close) bitmap.close();
        return { blob: file, name: file.name, taken_at: stamp, width: size.width, height: size.height, resized: false };
      }
      return redraw(bitmap, maxSide).then(function (jpeg) { return withTime(jpeg, stamp); }).then(function (blob) {
        var longest = Math.max(size.width, size.height);
        return { blob: blob, name: jpegName(file.name), taken_at: stamp, resized: true,
                 width: Math.round(size.width * maxSide / longest), height: Math.round(size.height * maxSide / longest) };
      });
    });
  }

  global.CongvuPhotos = { prepare: prepare };
})(window);
