// Plain-Chinese explanations of rejection reasons for the student status page and the reviewer's
// reason picker: what was wrong and what to do at the retake.
import type { ReasonCode } from '../../../shared/sync/protocol.ts';

export interface ReasonText {
  /** what was wrong */
  zh: string;
  /** what to do next time */
  fix: string;
  /** a short English label for reviewers and logs */
  en: string;
}

const retake = '请回到拍照点重新拍摄。';

export const REASON_TEXT: Record<ReasonCode, ReasonText> = {
  'file.format': { zh: '照片文件格式不符合要求', fix: retake, en: 'file format' },
  'file.dimensions': { zh: '照片尺寸不符合要求', fix: retake, en: 'file dimensions' },
  'file.dpi': { zh: '照片分辨率不符合要求', fix: retake, en: 'file dpi' },
  'file.size': { zh: '照片文件大小不符合要求', fix: retake, en: 'file size' },
  'file.quality': { zh: '照片压缩质量过低', fix: retake, en: 'JPEG quality' },
  'geom.head_top': { zh: '头顶位置不合适', fix: '拍照时坐正，让头部位于取景框提示的位置。', en: 'head top position' },
  'geom.eye_line': { zh: '眼睛高度不合适', fix: '拍照时坐正，让眼睛对准屏幕上的参考线。', en: 'eye line' },
  'geom.face_width': { zh: '脸部在照片中过大或过小', fix: '请按提示调整与镜头的距离。', en: 'face width' },
  'geom.centered': { zh: '脸部没有居中', fix: '请坐在座椅中间，正对镜头。', en: 'face not centred' },
  'geom.roll': { zh: '头部歪斜', fix: '请保持头部端正，不要左右歪头。', en: 'head tilted (roll)' },
  'bg.uniform': { zh: '背景不均匀', fix: retake, en: 'background not uniform' },
  'bg.color': { zh: '背景颜色不符合要求', fix: retake, en: 'background colour' },
  'bg.edge': { zh: '头发边缘处理不自然', fix: '请整理好散乱的头发后重新拍摄。', en: 'hair edge' },
  'bg.leftover': { zh: '背景未能完全去除', fix: '请站到背景布前重新拍摄。', en: 'old background left beside the head' },
  'face.count': { zh: '照片中不是恰好一个人', fix: '拍照时画面中只能有您一个人。', en: 'face count' },
  'pose.yaw': { zh: '头部左右转动', fix: '请正视镜头，不要转头。', en: 'head turned (yaw)' },
  'pose.pitch': { zh: '头部抬起或低下', fix: '请平视镜头，不要抬头或低头。', en: 'head nodding (pitch)' },
  'eyes.open': { zh: '眼睛没有自然睁开', fix: '请自然睁眼，拍照时不要眨眼。', en: 'eyes not open' },
  'eyes.gaze': { zh: '眼睛没有看镜头', fix: '请平视镜头。', en: 'gaze not at lens' },
  'mouth.closed': { zh: '嘴唇没有自然闭合或露出牙齿', fix: '请嘴唇自然闭合，不要露齿。', en: 'mouth open / teeth' },
  'glasses.tinted': { zh: '佩戴了有色眼镜', fix: '请摘下有色眼镜，或换成无色镜片。', en: 'tinted glasses' },
  'glasses.glare': { zh: '眼镜片反光', fix: '请稍微调整眼镜角度或摘下眼镜。', en: 'glasses glare' },
  'glasses.frame_over_eyes': { zh: '镜框遮挡眼睛', fix: '请调整眼镜位置或摘下眼镜。', en: 'frame over eyes' },
  'wear.headwear': { zh: '佩戴了帽子或头饰', fix: '请摘下帽子、发箍、发夹等头饰。', en: 'headwear' },
  'wear.earrings': { zh: '佩戴了耳饰', fix: '请摘下耳环、耳钉等饰品。', en: 'earrings' },
  'wear.necklace': { zh: '佩戴了项链', fix: '请摘下项链等饰品。', en: 'necklace' },
  'hair.eyebrows': { zh: '头发遮挡了眉毛或眼睛', fix: '请把刘海整理开，露出眉毛和额头。', en: 'hair over eyebrows' },
  'hair.ears': { zh: '头发遮挡了耳朵', fix: '请把头发拨到耳后，露出双耳。', en: 'hair over ears' },
  'clothes.contrast': { zh: '衣服颜色与背景太接近', fix: '请换一件与蓝色背景有明显反差的单色有领衣服。', en: 'clothes contrast' },
  'clothes.blue': { zh: '穿了蓝色衣服', fix: '蓝色背景下不能穿蓝色衣服，请更换衣服。', en: 'blue clothes' },
  'clothes.pattern': { zh: '衣服有复杂图案或条纹', fix: '请穿单色、无图案的有领正装。', en: 'clothes pattern' },
  'light.balance': { zh: '脸部光线不均（阴阳脸）', fix: '请坐正，面向灯光后重新拍摄。', en: 'uneven light' },
  'light.highlights': { zh: '脸部有明显反光', fix: retake, en: 'highlights' },
  'light.exposure': { zh: '照片过亮或过暗', fix: retake, en: 'exposure' },
  'light.red_eye': { zh: '照片有红眼', fix: retake, en: 'red eye' },
  'image.sharpness': { zh: '照片模糊', fix: '拍照时请保持不动。', en: 'blurred' },
  'body.shoulders_level': { zh: '双肩不平', fix: '请坐直，保持双肩齐平。', en: 'shoulders not level' },
  'face.makeup': { zh: '化妆明显', fix: '请素颜拍摄。', en: 'makeup' },
  'eyes.contacts': { zh: '佩戴了美瞳', fix: '请摘下美瞳后重新拍摄。', en: 'coloured contacts' },
  'identity.unverified': { zh: '采集码或证件号后四位核验未通过', fix: '请核对学信网图像采集码和证件号后四位，回到拍照点重新提交。', en: 'identity not verified' },
  other: { zh: '审核员发现其他问题（见说明）', fix: retake, en: 'other (see note)' },
};
