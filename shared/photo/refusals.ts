// Why a photo cannot become a standard photo, in words for the student (zh) and the logs (en).
// A refusal is always better than a photo outside the standard.

export const REFUSALS = {
  not_an_image: { zh: '这不是一张照片文件，请重新拍摄。', en: 'The file is not a JPEG, PNG or WebP image.' },
  corrupt_image: { zh: '照片文件已损坏，请重新拍摄。', en: 'The image file is damaged or truncated.' },
  image_too_small: { zh: '照片太小，请重新拍摄。', en: 'The image is too small to hold a portrait.' },
  no_face: { zh: '没有找到人脸，请正对镜头坐好。', en: 'No face was found in the photo.' },
  multiple_faces: { zh: '画面里有多个人，请确保只有您一人入镜。', en: 'More than one person is in the photo.' },
  head_tilted: { zh: '头部有些倾斜，请把头摆正。', en: 'The head is tilted beyond ±3°; the photo may not be rotated.' },
  head_cut_off: { zh: '头顶超出画面，请坐低一点或调整位置。', en: 'The top of the hair is cut off by the frame.' },
  hair_too_high: { zh: '发型过高，请把头发放低（如盘发请放下）。', en: 'Hair piled too high: head top and face size cannot both fit.' },
  frame_too_short: { zh: '画面没有拍到胸部，请坐高一点或离镜头远一点。', en: 'The frame ends above the chest; nothing may be added below the subject.' },
  face_too_small: { zh: '离镜头太远了，请靠近一些。', en: 'The face is too small to enlarge to the standard size.' },
} as const;

export type RefusalReason = keyof typeof REFUSALS;

export interface Refusal {
  reason: RefusalReason;
  message_zh: string;
  message_en: string;
  /** what was measured, for operators and logs */
  detail?: string;
}

export function refusal(reason: RefusalReason, detail?: string): Refusal {
  const text = REFUSALS[reason];
  return { reason, message_zh: text.zh, message_en: detail ? `${text.en} (${detail})` : text.en, ...(detail ? { detail } : {}) };
}
